import fc from 'fast-check';
import { sampleView, type SampleRow } from '../../samples/sample.presenter';
import { feedAspect, feedSamplePayload, feedSamplePayloadJson, samplePayload, type FeedSampleRow } from './feed.repository';

const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
const text = fc.string({ unit: 'binary', maxLength: 12 });
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const row: fc.Arbitrary<FeedSampleRow> = fc.record({
  subject_id: fc.uuid(),
  aspect_id: fc.uuid(),
  name: text,
  value: text,
  status: fc.constantFrom('OK', 'Critical', 'Invalid', 'Timeout'),
  previous_status: fc.constantFrom('OK', 'Warning', 'Invalid'),
  status_changed_at: date,
  message_code: orNull(text),
  message_body: orNull(text),
  related_links: fc.array(fc.record({ name: text, url: text }), { maxLength: 2 }),
  created_by: orNull(fc.uuid()),
  created_at: date,
  updated_at: date,
  user_name: orNull(text),
  user_email: orNull(text),
  user_profile: orNull(text),
  a_name: text,
  a_timeout: fc.constantFrom('1m', '5h'),
  a_value_type: fc.constant('NUMERIC'),
  a_critical_range: orNull(fc.constant([90, 100])),
  a_warning_range: fc.constant(null),
  a_info_range: fc.constant(null),
  a_ok_range: orNull(fc.constant([0, 89])),
  a_rank: orNull(fc.integer()),
  a_value_label: orNull(text),
  a_is_published: fc.constant(true),
  a_description: orNull(text),
  a_help_email: fc.constant(null),
  a_help_url: fc.constant(null),
  a_image_url: fc.constant(null),
  a_tags: fc.array(text, { maxLength: 2 }),
  a_related_links: fc.constant([]),
  a_created_at: date,
  a_updated_at: date,
  sub_path: text,
  sub_tags: fc.array(text, { maxLength: 2 }),
}) as fc.Arbitrary<FeedSampleRow>;

describe('feedSamplePayload (LIVE.md §1)', () => {
  it('is the sample as GET /v1/samples/{key} shows it, aspect {name, tags, timeout}, plus absolutePath and subject: the same JSON', () => {
    fc.assert(
      fc.property(row, (r) => {
        const asGet = JSON.parse(JSON.stringify(sampleView(r as SampleRow))) as Record<string, unknown>;
        // the GET's keys in the GET's order, the aspect in its place as {name, tags, timeout}, then absolutePath and subject
        const small = { name: r.a_name, tags: r.a_tags, timeout: r.a_timeout };
        const expected = Object.fromEntries(Object.entries(asGet).map(([k, v]) => [k, k === 'aspect' ? small : v]));
        const ordered = JSON.stringify({ ...expected, absolutePath: r.sub_path, subject: { absolutePath: r.sub_path, tags: r.sub_tags } });
        expect(JSON.stringify(samplePayload(r))).toBe(ordered);
        // a row that went through the bus as JSON (dates as strings) gives the same text
        const remote = JSON.parse(JSON.stringify(r)) as FeedSampleRow;
        expect(JSON.stringify(feedSamplePayload(remote, r.name, { absolutePath: r.sub_path, tags: r.sub_tags }, feedAspect(r)))).toBe(ordered);
        // written straight from the row (upserted samples' events), from the row as read or as the bus carried it
        const subjectJson = JSON.stringify({ absolutePath: r.sub_path, tags: r.sub_tags });
        for (const x of [r, remote]) {
          expect(feedSamplePayloadJson(x, r.name, { absolutePath: r.sub_path, tags: r.sub_tags }, JSON.stringify(feedAspect(r)), subjectJson)).toBe(ordered);
        }
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });
});
