import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TEST_USER_PASSWORD, TestUser } from '../support/identity';
import { makeTree } from '../support/perspective-tree';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// A real browser: the PostgreSQL pass only.
(process.env.TEST_DATABASE_URL ? describe : describe.skip)('browser: the built-in lens shows a clicked sample’s timeline (issue 18)', () => {
  let t: TestApp;
  let base: string;
  let profileDir: string;
  let browser: BrowserContext;
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
    profileDir = mkdtempSync(join(tmpdir(), 'rfk-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage();
    await page.goto(`${base}/`); // → /login?ru=…, back to /perspectives after signing in
    await page.getByLabel('User name').fill(u.user.name);
    await page.getByLabel('Password').fill(TEST_USER_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/perspectives`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
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
