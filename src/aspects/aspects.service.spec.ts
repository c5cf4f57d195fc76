import { passThroughFeed, testCaller } from '../../test/support/unit';
import type { AspectRow, AspectsRepository, AspectUpdateEffects, AspectWrite } from './aspects.repository';
import { AspectsService } from './aspects.service';
import type { PatchAspectDto, PutAspectDto } from './dto/aspect-body.dto';

/** PATCH merges, PUT resets: AspectsService over an in-memory repository (no database). */

const caller = testCaller('00000000-0000-4000-8000-000000000001', 'ann');

function stored(over: Partial<AspectRow> = {}): AspectRow {
  return {
    id: 'a1',
    name: 'Latency',
    timeout: '5m',
    valueType: 'NUMERIC',
    criticalRange: [10, 100],
    warningRange: null,
    infoRange: null,
    okRange: [0, 9],
    rank: 3,
    valueLabel: 'ms',
    isPublished: true,
    description: 'how slow',
    helpEmail: null,
    helpUrl: null,
    imageUrl: null,
    tags: ['Web', 'db'],
    relatedLinks: [
      { name: 'runbook', url: 'https://example.com/old' },
      { name: 'dash', url: 'https://example.com/dash' },
    ],
    createdBy: caller.id,
    ownerId: caller.id,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    user: null,
    owner: null,
    ...over,
  };
}

function setup(row = stored()) {
  const updates: { write: AspectWrite; effects: AspectUpdateEffects }[] = [];
  let current = row;
  const repo = {
    findByKey: (key: string) => Promise.resolve(key === current.id || key.toLowerCase() === current.name.toLowerCase() ? current : null),
    findById: (id: string) => Promise.resolve(id === current.id ? current : null),
    resolveOwner: (o: string) => Promise.resolve(o),
    update: (_id: string, write: AspectWrite, effects: AspectUpdateEffects) => {
      updates.push({ write, effects });
      current = { ...current, ...write };
      return Promise.resolve();
    },
  };
  const service = new AspectsService(repo as unknown as AspectsRepository, passThroughFeed());
  const patch = async (dto: Partial<PatchAspectDto>) => {
    await service.update(caller, 'latency', dto as PatchAspectDto, false, false);
    return updates[updates.length - 1];
  };
  const put = async (dto: Partial<PutAspectDto>) => {
    await service.update(caller, 'a1', { name: 'Latency', timeout: '1m', ...dto } as PutAspectDto, true, false);
    return updates[updates.length - 1];
  };
  return { patch, put };
}

describe('AspectsService PATCH', () => {
  it('adds new tags to the stored ones, ignoring case for ones already there', async () => {
    const { write } = await setup().patch({ tags: ['WEB', 'cache'] });
    expect(write.tags).toEqual(['Web', 'db', 'cache']);
  });

  it('merges related links by name: same name replaced in place, new names appended', async () => {
    const { write } = await setup().patch({ relatedLinks: [{ name: 'runbook', url: 'https://example.com/new' }, { name: 'wiki', url: 'https://example.com/w' }] });
    expect(write.relatedLinks).toEqual([
      { name: 'runbook', url: 'https://example.com/new' },
      { name: 'dash', url: 'https://example.com/dash' },
      { name: 'wiki', url: 'https://example.com/w' },
    ]);
  });

  it('keeps every field not sent (ranges, rank, label, description, tags, links)', async () => {
    const { write, effects } = await setup().patch({ description: 'new' });
    expect(write).toMatchObject({
      name: 'Latency',
      timeout: '5m',
      valueType: 'NUMERIC',
      criticalRange: [10, 100],
      okRange: [0, 9],
      rank: 3,
      valueLabel: 'ms',
      isPublished: true,
      description: 'new',
      tags: ['Web', 'db'],
    });
    expect(write.relatedLinks).toHaveLength(2);
    expect(effects).toEqual({ recomputeStatuses: false, deleteSamples: false });
  });

  it('asks for status recomputation when a range changes, and sample deletion when unpublished', async () => {
    expect((await setup().patch({ warningRange: [5, 9] })).effects).toEqual({ recomputeStatuses: true, deleteSamples: false });
    expect((await setup().patch({ isPublished: false })).effects).toEqual({ recomputeStatuses: false, deleteSamples: true });
  });
});

describe('AspectsService PUT', () => {
  it('resets what is not sent: tags, links, ranges, rank, label, description, published', async () => {
    const { write, effects } = await setup().put({ tags: ['only'] });
    expect(write).toMatchObject({
      name: 'Latency',
      timeout: '1m',
      valueType: 'BOOLEAN',
      criticalRange: null,
      okRange: null,
      rank: null,
      valueLabel: null,
      description: null,
      isPublished: false,
      tags: ['only'],
      relatedLinks: [],
    });
    expect(effects).toEqual({ recomputeStatuses: true, deleteSamples: true });
  });

  it('replaces the related links instead of merging them', async () => {
    const { write } = await setup().put({ relatedLinks: [{ name: 'runbook', url: 'https://example.com/new' }] });
    expect(write.relatedLinks).toEqual([{ name: 'runbook', url: 'https://example.com/new' }]);
  });

  it('keeps the owner when none is sent', async () => {
    const { write } = await setup(stored({ ownerId: 'someone-else' })).put({});
    expect(write.ownerId).toBe('someone-else');
  });
});
