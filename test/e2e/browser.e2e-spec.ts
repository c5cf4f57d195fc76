import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TEST_USER_PASSWORD } from '../support/identity';

/** Debian's Chromium (installed by .ci/run); headless, nothing phoning home, a fresh profile. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('browser: sign in, create a token on /tokens/new, use it on the API', () => {
  let t: TestApp;
  let base: string;
  let profileDir: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    profileDir = mkdtempSync(join(tmpdir(), 'rfk-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await t?.close();
  });

  it('works end to end without touching the API by hand', async () => {
    const { user } = await createUserWithToken(t, 'browser-user');
    const page = await browser.newPage();
    await page.goto(`${base}/tokens/new`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('ru')).toBe('/tokens/new');

    if (process.env.RFK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.RFK_SCREENSHOT_DIR, 'login.png') });
    await page.getByLabel('User name').fill(user.name);
    await page.getByLabel('Password').fill(TEST_USER_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/tokens/new`), page.getByRole('button', { name: 'Sign in' }).click()]);

    if (process.env.RFK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.RFK_SCREENSHOT_DIR, 'new-token.png') });
    await page.getByLabel('Token name').fill('from-chromium');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Create token' }).click()]);
    const secret = ((await page.locator('#token-value').textContent()) ?? '').trim();
    expect(secret).toMatch(/^rfk_[A-Za-z0-9_-]+$/);
    expect(await page.getByRole('button', { name: 'Copy' }).isVisible()).toBe(true);
    if (process.env.RFK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.RFK_SCREENSHOT_DIR, 'token-created.png'), fullPage: true });

    const res = await fetch(`${base}/v1/tokens`, { headers: { Authorization: secret } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { name: string }[];
    expect(body.map((r) => r.name)).toContain('from-chromium');

    await page.goto(`${base}/tokens`);
    expect(await page.getByRole('cell', { name: 'from-chromium', exact: true }).count()).toBe(1);
    expect(await page.content()).not.toContain(secret.slice(4, 12));
    if (process.env.RFK_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.RFK_SCREENSHOT_DIR, 'tokens.png'), fullPage: true });

    const cookies = await browser.cookies(base);
    const session = cookies.find((c) => c.name === 'rfk_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
  });
});
