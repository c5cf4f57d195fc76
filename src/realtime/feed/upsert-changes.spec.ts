import type { AspectViewRow, UpsertedSampleRow } from '../../samples/sample.presenter';
import { feedAspect, feedSamplePayload } from './feed.repository';
import { recordJson } from './subscription';
import { upsertBatches, upsertChanges, type UpsertContext } from './upsert-changes';

const at = new Date('2026-11-30T12:00:00.000Z');
const aspect: AspectViewRow = {
  a_name: 'cpu', a_timeout: '1m', a_value_type: 'NUMERIC', a_critical_range: [90, 100], a_warning_range: null, a_info_range: null,
  a_ok_range: [0, 89], a_rank: null, a_value_label: null, a_is_published: true, a_description: null, a_help_email: null,
  a_help_url: null, a_image_url: null, a_tags: ['compute'], a_related_links: [], a_created_at: at, a_updated_at: at,
};
const context: UpsertContext = {
  subjects: new Map([
    ['s1', { absolutePath: 'Fleet.East', tags: ['prod'] }],
    ['s2', { absolutePath: 'Fleet.West', tags: [] }],
  ]),
  aspects: new Map([['a1', aspect]]),
};

function row(subject: string, over: Partial<UpsertedSampleRow> = {}): UpsertedSampleRow {
  return {
    subject_id: subject, aspect_id: 'a1', value: '95', status: 'Critical', previous_status: 'OK', status_changed_at: at,
    message_code: null, message_body: null, related_links: [], created_by: 'u1', created_at: at, updated_at: at,
    inserted: false, old_value: '5', old_status: 'OK', old_message_code: null, old_message_body: null, old_related_links: [],
    user_name: 'ann', user_email: 'ann@example.com', user_profile: 'RefocusUser', ...over,
  };
}

describe('upsertBatches', () => {
  it('splits rows by size, each batch with only its own subjects and aspects, leaving out rows without context', () => {
    const batches = upsertBatches([row('s1'), row('s2'), row('s3')], context, 1);
    expect(batches).toHaveLength(2);
    expect(Object.keys(batches[0].subjects)).toEqual(['s1']);
    expect(Object.keys(batches[1].subjects)).toEqual(['s2']);
    expect(Object.keys(batches[1].aspects)).toEqual(['a1']);
  });
});

describe('upsertChanges', () => {
  it('builds add, update (before from the old columns) and nochange with the sample payload', () => {
    const [batch] = upsertBatches(
      [row('s1', { inserted: true }), row('s2'), row('s2', { subject_id: 's1', value: '5', status: 'OK', old_value: '5', old_status: 'OK' })],
      context,
      10,
    );
    const [add, update, same] = upsertChanges(batch);
    expect(add.before).toBeNull();
    expect(add.after).toMatchObject({
      name: 'Fleet.East|cpu', value: '95', status: 'Critical', absolutePath: 'Fleet.East', subject: { absolutePath: 'Fleet.East', tags: ['prod'] },
    });
    // what the events carry: the whole payload (feedSamplePayload's JSON), built from the row
    expect(recordJson(add.after!)).toBe(
      JSON.stringify(feedSamplePayload(row('s1', { inserted: true }), 'Fleet.East|cpu', { absolutePath: 'Fleet.East', tags: ['prod'] }, feedAspect(aspect))),
    );
    expect(JSON.parse(recordJson(add.after!))).toMatchObject({ user: { name: 'ann', profile: { name: 'RefocusUser' } }, apiLinks: expect.any(Array) });
    // LIVE.md §1: the aspect of a sample event is exactly {name, tags, timeout} (aspectId names the whole record).
    expect(add.after!.aspect).toEqual({ name: 'cpu', tags: ['compute'], timeout: '1m' });
    expect(add.after!.aspectId).toBe('a1');
    expect(update.before).toMatchObject({ name: 'Fleet.West|cpu', value: '5', status: 'OK', aspect: { name: 'cpu', tags: ['compute'], timeout: '1m' } });
    expect(update.nochange).toBeUndefined();
    expect(same.nochange).toBe(true);
  });

  it('gives the same changes from a batch that went through the bus as JSON (another process)', () => {
    const [batch] = upsertBatches([row('s1', { inserted: true }), row('s2')], context, 10);
    const remote = JSON.parse(JSON.stringify(batch)) as typeof batch;
    expect(JSON.stringify(upsertChanges(remote))).toBe(JSON.stringify(upsertChanges(batch)));
    const texts = (changes: ReturnType<typeof upsertChanges>) => changes.map((c) => recordJson(c.after!));
    expect(texts(upsertChanges(remote))).toEqual(texts(upsertChanges(batch)));
  });
});
