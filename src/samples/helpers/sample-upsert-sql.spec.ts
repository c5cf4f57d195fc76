import { encodeParam, jobStatement, updateStatement, UpsertRow, upsertStatements } from './sample-upsert-sql';

/** The driver's own encoding of a parameter (what encodeParam must reproduce). */
const { prepareValue } = jest.requireActual<{ prepareValue: (v: unknown) => unknown }>('pg/lib/utils');

const row = (subjectId: string, aspectId: string, over: Partial<UpsertRow> = {}): UpsertRow => ({
  subjectId,
  aspectId,
  value: '1',
  status: 'OK',
  messageCode: null,
  messageBody: null,
  relatedLinks: null,
  ...over,
});

describe('upsertStatements', () => {
  it('makes ONE statement for rows of one shape, sorted by key', () => {
    const sts = upsertStatements([row('b', '2'), row('a', '9'), row('b', '1')], 'user');
    expect(sts).toHaveLength(1);
    expect(sts[0].sql).toMatch(/unnest\(/);
    expect(sts[0].sql).toMatch(/ON CONFLICT \(subject_id, aspect_id\) DO UPDATE/);
    expect(sts[0].params[0]).toEqual(['a', 'b', 'b']);
    expect(sts[0].params[1]).toEqual(['9', '1', '2']);
    expect(sts[0].params[4]).toBe('user');
    expect(sts[0].params).toHaveLength(5);
    expect(sts[0].sql).toContain('NULL, NULL');
    expect(sts[0].sql).not.toMatch(/message_code = /);
    expect(sts[0].sql).toMatch(/previous_status = CASE WHEN s.status = EXCLUDED.status THEN s.previous_status ELSE s.status END/);
    expect(sts[0].sql).not.toMatch(/related_links = EXCLUDED/);
    // what each row was (prev, locked in key order, read before the INSERT) and is (upserted)
    expect(sts[0].sql).toMatch(/ORDER BY p.subject_id, p.aspect_id FOR UPDATE OF p/);
    expect(sts[0].sql).toMatch(/WHERE \(SELECT count\(\*\) FROM prev\) >= 0/);
    expect(sts[0].sql).toMatch(/p.subject_id IS NULL AS inserted/);
  });

  it('keeps value/status when the value was not sent, and sets links only when sent', () => {
    const sts = upsertStatements(
      [row('a', '1', { value: null, status: null }), row('b', '1', { relatedLinks: [{ name: 'n', url: 'u' }] })],
      'user',
    );
    expect(sts).toHaveLength(2);
    const keep = sts.find((s) => (s.params[0] as string[])[0] === 'a')!;
    expect(keep.sql).not.toMatch(/value = EXCLUDED.value/);
    expect(keep.params[2]).toEqual(['']);
    expect(keep.params[3]).toEqual(['Invalid']);
    const links = sts.find((s) => (s.params[0] as string[])[0] === 'b')!;
    expect(links.sql).toMatch(/related_links = EXCLUDED.related_links/);
    expect(links.params[5]).toEqual(['[{"name":"n","url":"u"}]']);
  });

  it('passes message codes and bodies when any row of the group has one (null = keep)', () => {
    const [st] = upsertStatements([row('a', '1', { messageCode: 'E1' }), row('b', '1')], 'user');
    expect(st.sql).toMatch(/message_code = COALESCE\(EXCLUDED.message_code, s.message_code\)/);
    expect(st.params[5]).toEqual(['E1', null]);
    expect(st.params[6]).toEqual([null, null]);
  });

  it('writes the same but neither reads "before" nor returns rows when nobody reads them (no realtime viewer)', () => {
    const [reading] = upsertStatements([row('a', '1')], 'user');
    const [silent] = upsertStatements([row('a', '1')], 'user', true, false);
    expect(silent.params).toEqual(reading.params);
    expect(silent.ctes).not.toMatch(/\bprev\b/);
    expect(silent.ctes).toMatch(/^upserted AS \(\s*INSERT INTO samples/);
    expect(silent.ctes).toContain(reading.ctes.slice(reading.ctes.indexOf('ON CONFLICT'), reading.ctes.indexOf('RETURNING')));
    expect(silent.sql).toMatch(/WHERE false$/);
    expect(reading.sql).not.toMatch(/WHERE false/);
    expect(jobStatement(silent, [], 'user').sql).toContain('WHERE false) AS r ON true');
  });

  it('records status history from the upsert’s own RETURNING, with or without "before"', () => {
    for (const returnRows of [true, false]) {
      const [st] = upsertStatements([row('a', '1')], 'user', true, returnRows);
      expect(st.ctes).toMatch(/history AS \(\s*INSERT INTO sample_status_history/);
      expect(st.ctes).toMatch(/FROM upserted u\s+WHERE u.status_changed_at = now\(\)/);
      expect(st.ctes).not.toMatch(/history[\s\S]*JOIN prev/);
    }
  });

  it('returns nothing for no rows', () => {
    expect(upsertStatements([], 'user')).toEqual([]);
  });
});

describe('jobStatement', () => {
  it('rides on the upsert as a CTE, numbering its parameters after the upsert ones', () => {
    const [up] = upsertStatements([row('a', '1')], 'user');
    const receivedAt = new Date('2026-11-30T12:00:00Z');
    const job = jobStatement(up, [{ name: 'x', type: 'T', message: 'm' }], 'user', { received: 2, written: 1, receivedAt });
    expect(job.sql).toMatch(/^WITH prev AS \(/);
    expect(job.sql).toMatch(/job AS \(INSERT INTO sample_upsert_jobs/);
    const n = up.params.length;
    expect(job.sql).toContain(`$${n + 1}::jsonb`);
    expect(job.sql).toContain(`$${n + 2}::uuid`);
    expect(job.sql).toContain(`$${n + 6}::timestamptz`);
    // the upsert's parameters, then errors, creator, received, written, refused (= errors), arrival
    expect(job.params.slice(n)).toEqual(['[{"name":"x","type":"T","message":"m"}]', 'user', 2, 1, 1, receivedAt]);
  });

  it('is a plain insert without an upsert', () => {
    const job = jobStatement(null, [], 'user');
    expect(job.sql).not.toMatch(/samples AS s/);
    expect(job.params).toEqual(['[]', 'user', 0, 0, 0, null]);
  });
});

describe('updateStatement', () => {
  it('updates only what is given and always updated_at', () => {
    const st = updateStatement('s', 'a', { messageCode: 'X' });
    expect(st.sql).toMatch(/updated_at = now\(\)/);
    expect(st.sql).toMatch(/message_code = \$3/);
    expect(st.sql).not.toMatch(/value =/);
    expect(st.params).toEqual(['s', 'a', 'X']);
  });

  it('applies the transition with a value', () => {
    const st = updateStatement('s', 'a', { value: '5', status: 'Warning' });
    expect(st.sql).toMatch(/previous_status = CASE WHEN status = \$3::text THEN previous_status ELSE status END/);
    expect(st.params).toEqual(['s', 'a', 'Warning', '5']);
  });
});

describe('encodeParam', () => {
  it('makes the array literal the driver would make of a text array', () => {
    const texts = ['', 'plain', 'a "quoted" word', 'back\\slash', '\\"', 'comma, {brace}', 'NULL', 'ünïcødé ✓', ' space ', '[{"name":"n","url":"u"}]'];
    for (const arr of [texts, [null, 'x', null], [], ['00000000-0000-4000-8000-000000000000'], texts.map((t) => [t, null]).flat()]) {
      expect(encodeParam(arr)).toBe(prepareValue(arr));
    }
  });

  it('passes every other value as it is', () => {
    const at = new Date();
    for (const v of ['text', 5, null, at, [1, 2]]) expect(encodeParam(v)).toBe(v);
  });
});
