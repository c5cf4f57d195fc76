import { passThroughFeed, refusal, testCaller } from '../../test/support/unit';
import type { WritersService } from '../writers/writers.service';
import type { CreateSubjectDto, PatchSubjectDto, PutSubjectDto } from './dto/subject-body.dto';
import type { SubjectHierarchyRepository } from './subject-hierarchy.repository';
import type { SubjectRow, SubjectsRepository, SubjectWrite } from './subjects.repository';
import { SubjectsService } from './subjects.service';

/** Placement and publishing rules of SubjectsService, with an in-memory repository (no database). */

const caller = testCaller('00000000-0000-4000-8000-000000000001', 'ann');

/** The subjects table as the service sees it through its repository. */
class FakeSubjects {
  rows = new Map<string, SubjectRow>();
  writes: { id: string; write: SubjectWrite }[] = [];
  private next = 1;

  add(name: string, parent: SubjectRow | null = null, isPublished = true): SubjectRow {
    const row = this.row(`s${this.next++}`, {
      name,
      absolutePath: parent ? `${parent.absolutePath}.${name}` : name,
      parentId: parent?.id ?? null,
      isPublished,
    });
    this.rows.set(row.id, row);
    return row;
  }

  private row(id: string, w: Partial<SubjectWrite> & Pick<SubjectWrite, 'name' | 'absolutePath' | 'parentId' | 'isPublished'>): SubjectRow {
    const parent = w.parentId ? this.rows.get(w.parentId) : undefined;
    return {
      description: null, helpEmail: null, helpUrl: null, imageUrl: null, tags: [], relatedLinks: [], sortBy: '', geolocation: null, ownerId: caller.id,
      ...w,
      id,
      parentAbsolutePath: parent?.absolutePath ?? '',
      childCount: 0,
      hierarchyLevel: w.absolutePath.split('.').length,
      createdBy: caller.id,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      user: null,
      owner: null,
    };
  }

  findById = (id: string): Promise<SubjectRow | null> => Promise.resolve(this.rows.get(id) ?? null);
  findByPath = (path: string): Promise<SubjectRow | null> =>
    Promise.resolve([...this.rows.values()].find((r) => r.absolutePath.toLowerCase() === path.toLowerCase()) ?? null);
  findByKey = async (key: string): Promise<SubjectRow | null> => (await this.findById(key)) ?? this.findByPath(key);
  pathTaken = async (path: string, exceptId: string): Promise<boolean> => ((await this.findByPath(path))?.id ?? exceptId) !== exceptId;
  hasPublishedChild = (id: string): Promise<boolean> => Promise.resolve([...this.rows.values()].some((r) => r.parentId === id && r.isPublished));
  resolveOwner = (owner: string): Promise<string> => Promise.resolve(owner);
  insert = (write: SubjectWrite): Promise<string> => {
    const row = this.row(`s${this.next++}`, write);
    this.rows.set(row.id, row);
    this.writes.push({ id: row.id, write });
    return Promise.resolve(row.id);
  };
  update = (id: string, write: SubjectWrite): Promise<void> => {
    this.rows.set(id, this.row(id, write));
    this.writes.push({ id, write });
    return Promise.resolve();
  };
}

function setup() {
  const repo = new FakeSubjects();
  const writers = { assertCanWrite: jest.fn().mockResolvedValue(undefined), assertCanWriteSubtree: jest.fn().mockResolvedValue(undefined) };
  const service = new SubjectsService(repo as unknown as SubjectsRepository, writers as unknown as WritersService, passThroughFeed(), {} as SubjectHierarchyRepository);
  const create = (dto: Partial<CreateSubjectDto>, parentKey?: string) => service.create(caller, { name: 'x', ...dto } as CreateSubjectDto, parentKey);
  const put = (key: string, dto: Partial<PutSubjectDto>) => service.update(caller, key, { name: repo.rows.get(key)?.name, ...dto } as PutSubjectDto, true, false);
  const patch = (key: string, dto: Partial<PatchSubjectDto>) => service.update(caller, key, dto as PatchSubjectDto, false, false);
  return { repo, writers, service, create, put, patch };
}

describe('SubjectsService placement', () => {
  it('places a new subject under the parent named by id, by path (any case), or both when they agree', async () => {
    const { repo, create } = setup();
    const na = repo.add('NA');
    expect(await create({ name: 'a', parentId: na.id })).toMatchObject({ absolutePath: 'NA.a', parentId: na.id });
    expect(await create({ name: 'b', parentAbsolutePath: 'na' })).toMatchObject({ absolutePath: 'NA.b', parentId: na.id });
    expect(await create({ name: 'c', parentId: na.id, parentAbsolutePath: 'NA' })).toMatchObject({ absolutePath: 'NA.c' });
    expect(await create({ name: 'd', parentAbsolutePath: '' })).toMatchObject({ absolutePath: 'd', parentId: null });
  });

  it('refuses disagreeing or unknown parents with a 400 and writes nothing', async () => {
    const { repo, create } = setup();
    const na = repo.add('NA');
    repo.add('EU');
    expect(await refusal(create({ name: 'a', parentId: na.id, parentAbsolutePath: 'EU' }))).toEqual({ status: 400, type: 'ParentSubjectNotMatch' });
    expect(await refusal(create({ name: 'a', parentId: 'nope' }))).toEqual({ status: 400, type: 'ParentSubjectNotFound' });
    expect(await refusal(create({ name: 'a', parentAbsolutePath: 'NA.nope' }))).toEqual({ status: 400, type: 'ParentSubjectNotFound' });
    expect(repo.writes).toEqual([]);
  });

  it('checks the writers of the parent a subject is created under, but not of the route-given parent', async () => {
    const { repo, writers, create } = setup();
    const na = repo.add('NA');
    await create({ name: 'a', parentId: na.id });
    expect(writers.assertCanWrite).toHaveBeenCalledTimes(1);
    await create({ name: 'b' }, na.id);
    expect(writers.assertCanWrite).toHaveBeenCalledTimes(1);
  });

  it('refuses to make a subject its own parent or a child of its descendants', async () => {
    const { repo, patch, put } = setup();
    const na = repo.add('NA');
    const us = repo.add('US', na);
    const ca = repo.add('CA', us);
    expect(await refusal(patch(na.id, { parentId: na.id }))).toEqual({ status: 400, type: 'IllegalSelfParenting' });
    expect(await refusal(patch(na.id, { parentAbsolutePath: 'na.us.ca' }))).toEqual({ status: 400, type: 'IllegalSelfParenting' });
    expect(await refusal(put(us.id, { parentId: ca.id }))).toEqual({ status: 400, type: 'IllegalSelfParenting' });
    expect(repo.writes).toEqual([]);
  });

  it('moves a subject to a sibling whose name only shares a prefix (not a descendant)', async () => {
    const { repo, patch } = setup();
    const na = repo.add('NA');
    repo.add('NAX');
    expect(await patch(na.id, { parentAbsolutePath: 'NAX' })).toMatchObject({ absolutePath: 'NAX.NA' });
  });

  it('PUT without a parent makes the subject a root; PATCH without one keeps its parent', async () => {
    const { repo, put, patch } = setup();
    const na = repo.add('NA');
    const us = repo.add('US', na);
    expect(await patch(us.id, { description: 'd' })).toMatchObject({ absolutePath: 'NA.US', parentId: na.id, description: 'd' });
    expect(await put(us.id, {})).toMatchObject({ absolutePath: 'US', parentId: null });
  });

  it('refuses a move onto a path that is taken', async () => {
    const { repo, patch } = setup();
    const na = repo.add('NA');
    const eu = repo.add('EU');
    repo.add('X', na);
    const x2 = repo.add('X', eu);
    expect(await refusal(patch(x2.id, { parentId: na.id }))).toEqual({ status: 400, type: 'SubjectAlreadyExistsUnderParent' });
  });
});

describe('SubjectsService publishing', () => {
  it('refuses to publish under an unpublished parent, on create and on update', async () => {
    const { repo, create, patch } = setup();
    const draft = repo.add('Draft', null, false);
    expect((await refusal(create({ name: 'a', parentId: draft.id, isPublished: true }))).status).toBe(400);
    const child = repo.add('c', draft, false);
    expect((await refusal(patch(child.id, { isPublished: true }))).status).toBe(400);
    expect(repo.writes).toEqual([]);
    expect(await create({ name: 'b', parentId: draft.id })).toMatchObject({ isPublished: false });
  });

  it('refuses to unpublish a subject with a published child, and allows it once the child is unpublished', async () => {
    const { repo, patch, put } = setup();
    const na = repo.add('NA');
    const us = repo.add('US', na);
    expect((await refusal(patch(na.id, { isPublished: false }))).status).toBe(400);
    expect((await refusal(put(na.id, {}))).status).toBe(400); // PUT resets isPublished to false
    await patch(us.id, { isPublished: false });
    expect(await patch(na.id, { isPublished: false })).toMatchObject({ isPublished: false });
  });

  it('PATCH without isPublished keeps it', async () => {
    const { repo, patch } = setup();
    const na = repo.add('NA');
    repo.add('US', na);
    expect(await patch(na.id, { description: 'x' })).toMatchObject({ isPublished: true });
  });
});
