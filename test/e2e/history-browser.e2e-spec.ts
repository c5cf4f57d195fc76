import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { signedInBrowser, SignedInBrowser } from '../support/browser';
import { createUserWithToken, TEST_USER_PASSWORD, TestUser } from '../support/identity';
import { makeTree } from '../support/perspective-tree';

// A real browser: the PostgreSQL pass only.
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('browser: the built-in lens shows a clicked sample’s timeline (issue 18)', () => {
  let t: TestApp;
  let base: string;
  let browser: SignedInBrowser;
  let u: TestUser;
  let page: Page;
  const upsert = (value: string) => t.http().post('/v1/samples/upsert').set('Authorization', u.token).send({ name: 'Hx.A|HxCpu', value }).expect(200);

  beforeAll(async () => {
    t = await createTestApp({ REALTIME_EVENT_THROTTLE_MS: '0' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    u = await createUserWithToken(t, 'timeline-viewer');
    await makeTree(t, u.token, 'Hx');
    await upsert('5'); // OK → Critical
    await upsert('0'); // Critical → OK
    browser = await signedInBrowser(base, '/perspectives', u.user.name, TEST_USER_PASSWORD);
    page = browser.page;
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers the page’s timeline request only with a session', async () => {
    expect((await t.http().get('/perspectives/Hx_View/sample-history?sample=Hx.A%7CHxCpu')).status).toBe(401);
  });

  it('shows the last changes and the last 24 hours on a click, and follows live changes', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Hx_View');
    await page.getByLabel('Root subject').fill('Hx');
    await Promise.all([page.waitForURL(`${base}/perspectives/Hx_View`), page.getByRole('button', { name: 'Create perspective' }).click()]);
    const frame = page.frameLocator('#lens-frame');
    // the lens redraws its table on every change: a dispatched click does not wait for a still element
    await frame.locator('[data-sample="hx.a|hxcpu"]').dispatchEvent('click', undefined, { timeout: 10000 });
    const changes = frame.locator('[data-role="timeline"] [data-role="change"]');
    await changes.nth(2).waitFor({ timeout: 10000 });
    expect(await changes.evaluateAll((els) => els.map((e) => e.getAttribute('data-to')))).toEqual(['OK', 'Critical', 'OK']);
    expect(await frame.locator('[data-role="timeline"] strong').textContent()).toBe('Hx.A|HxCpu');
    expect(await frame.locator('[data-role="availability"] [data-status]').count()).toBeGreaterThanOrEqual(1);

    await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 10000 });
    await upsert('7'); // OK → Critical, live
    await frame.locator('[data-role="timeline"] [data-role="change"][data-to="Critical"]').nth(1).waitFor({ timeout: 10000 });
    expect(await changes.first().getAttribute('data-to')).toBe('Critical');

    await frame.locator('[data-role="timeline-close"]').dispatchEvent('click');
    expect(await frame.locator('[data-role="timeline"]').count()).toBe(0);
  }, 60000);
});
