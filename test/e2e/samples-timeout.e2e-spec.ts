import { createTestApp, TestApp } from '../support/app';
import { insertAspect, insertSubject, NUMERIC_ASPECT, PLAIN, sampleRow } from '../support/records';

/** The periodic sweep starts with the application (no test calls it here). */
describe('sample timeout job, periodic', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SAMPLE_TIMEOUT_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('times out a stale sample on its own and leaves a fresh one', async () => {
    const aspect = await insertAspect(t, { ...NUMERIC_ASPECT, name: 'Heartbeat', timeout: '1m', okRange: [0, 10] });
    const stale = await insertSubject(t, { ...PLAIN, name: 'Stale' });
    const fresh = await insertSubject(t, { ...PLAIN, name: 'Fresh' });
    await t.dataSource.query(
      `INSERT INTO samples (subject_id, aspect_id, value, status, updated_at)
       VALUES ($1, $3, '1', 'OK', now() - interval '2 minutes'), ($2, $3, '1', 'OK', now())`,
      [stale.id, fresh.id, aspect.id],
    );
    let row = await sampleRow(t, stale.id, aspect.id);
    for (let i = 0; i < 200 && row?.status !== 'Timeout'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await sampleRow(t, stale.id, aspect.id);
    }
    expect(row).toMatchObject({ value: 'Timeout', status: 'Timeout', previous_status: 'OK' });
    expect(await sampleRow(t, fresh.id, aspect.id)).toMatchObject({ value: '1', status: 'OK' });
  });
});
