import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type FrameLocator, type Page } from 'playwright-core';
import { makeZip } from '../fixtures/zip';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TEST_USER_PASSWORD, TestUser } from '../support/identity';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CORS_ROUTES = '/v1/bots,/v1/botActions,/v1/botData,/v1/events,/v1/rooms';

/**
 * A bot UI of our own, written as bot UIs for the original are (an element named after the bot,
 * the BDK's globals): it records in its DOM what it receives and what it can and cannot do.
 */
const UI_JS = `
(function () {
  var el = document.getElementById('PageBot');
  var log = document.createElement('pre'); log.id = 'log'; document.body.appendChild(log);
  function rec(o) { var d = document.createElement('div'); d.className = 'rec'; d.textContent = JSON.stringify(o); log.appendChild(d); }
  var cookie; try { cookie = document.cookie; } catch (e) { cookie = 'threw'; }
  var parentDoc; try { parentDoc = typeof parent.document.body; } catch (e) { parentDoc = 'threw'; }
  var me = JSON.parse(user.replace(/&quot;/g, '"'));
  rec({ kind: 'start', user: me, token: typeof window.userSession === 'string' && window.userSession.indexOf('rfk_') === 0, cookie: cookie, parentDocument: parentDoc, origin: location.origin });
  ['refocus.bot.actions', 'refocus.bot.data', 'refocus.events', 'refocus.room.settings'].forEach(function (n) {
    el.addEventListener(n, function (e) { rec({ kind: n, id: e.detail && e.detail.id, name: e.detail && e.detail.name }); });
  });
  var api = location.origin + '/v1';
  var auth = { headers: { Authorization: window.userSession } };
  function probe(label, url, opts) {
    fetch(url, opts || auth).then(function (r) { rec({ kind: 'fetch', label: label, status: r.status }); }, function () { rec({ kind: 'fetch', label: label, status: 'blocked' }); });
  }
  window.__probe = function (own, other) {
    probe('ownRoom', api + '/rooms/' + own);
    probe('otherRoom', api + '/rooms/' + other);
    probe('rooms', api + '/rooms');
    probe('subjects', api + '/v1/subjects'.slice(3));
    probe('sessionPage', location.origin + '/tokens', { credentials: 'include' });
    fetch(api + '/events', { method: 'POST', headers: { Authorization: window.userSession, 'Content-Type': 'application/json' }, body: JSON.stringify({ log: 'from the frame', roomId: own }) })
      .then(function (r) { rec({ kind: 'fetch', label: 'postEvent', status: r.status }); }, function () { rec({ kind: 'fetch', label: 'postEvent', status: 'blocked' }); });
  };
  parent.postMessage({ name: 'PageBot', height: 333 }, '*');
})();
`;

async function records(frame: FrameLocator): Promise<Record<string, unknown>[]> {
  return (await frame.locator('.rec').allTextContents()).map((l) => JSON.parse(l) as Record<string, unknown>);
}

(process.env.TEST_DATABASE_URL ? describe : describe.skip)('browser: the room page and sandboxed bot UIs (PostgreSQL pass)', () => {
  let t: TestApp;
  let base: string;
  let profileDir: string;
  let browser: BrowserContext;
  let u: TestUser;
  let page: Page;
  let room: { id: number };
  let other: { id: number };

  const api = () => ({
    post: (p: string, body: object) => t.http().post(p).set('Authorization', u.token).send(body),
  });

  beforeAll(async () => {
    t = await createTestApp({ CORS_ROUTES });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    u = await createUserWithToken(t, 'room-viewer');
    const zip = await makeZip({ 'index.html': '<html><body><div id="PageBot">Page bot</div><script src="main.js"></script></body></html>', 'main.js': UI_JS });
    for (const name of ['PageBot', 'OtherBot']) {
      await t.http().post('/v1/bots').set('Authorization', u.token).field('name', name).field('url', 'https://bots.example.com').field('version', '2.1')
        .field('displayName', `${name} display`).field('active', 'true').field('actions', JSON.stringify([{ name: 'ping' }]))
        .attach('ui', name === 'PageBot' ? zip : await makeZip({ 'index.html': `<div id="${name}"></div>` }), { filename: 'bot.zip', contentType: 'application/zip' })
        .expect(201);
    }
    await api().post('/v1/roomTypes', { name: 'PageType' });
    room = (await api().post('/v1/rooms', { name: 'page-room', type: 'PageType', bots: ['PageBot', 'OtherBot'] })).body;
    other = (await api().post('/v1/rooms', { name: 'page-other', type: 'PageType', bots: ['PageBot'] })).body;
    await api().post('/v1/events', { log: 'room opened', roomId: room.id });
    profileDir = mkdtempSync(join(tmpdir(), 'rfk-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
    page = await browser.newPage();
    await page.goto(`${base}/rooms/${room.id}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('User name').fill(u.user.name);
    await page.getByLabel('Password').fill(TEST_USER_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/rooms/${room.id}`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await t?.close();
  });

  it('shows the room, its type, the toggle, the timeline and each bot with its display name and version', async () => {
    await page.locator('#live-status', { hasText: 'Live' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('h1').textContent()).toBe('page-room');
    expect(await page.locator('.room-head').textContent()).toContain('PageType');
    expect(await page.locator('#timeline').textContent()).toContain('room opened');
    expect(await page.locator('.bot h3').allTextContents()).toEqual([expect.stringContaining('PageBot display'), expect.stringContaining('OtherBot display')]);
    expect(await page.locator('iframe[data-bot="PageBot"]').getAttribute('sandbox')).toBe('allow-scripts');
    await page.getByRole('button', { name: 'Activate room' }).click();
    await page.locator('#room-active', { hasText: /^active$/ }).waitFor({ timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${String(e)} at ${page.url()}: ${(await page.locator('main').textContent()) ?? ''}`);
    });
    expect(new URL(page.url()).pathname).toBe(`/rooms/${room.id}`);
  }, 30_000);

  it('renders the bot UI in its sandboxed frame: the viewer as `user`, a room token, no cookies, no parent', async () => {
    await page.locator('#live-status', { hasText: 'Live' }).waitFor({ timeout: 10_000 });
    const frame = page.frameLocator('iframe[data-bot="PageBot"]');
    await frame.locator('#PageBot').waitFor({ timeout: 10_000 });
    const [start] = (await records(frame)).filter((r) => r.kind === 'start');
    expect(start).toMatchObject({ user: { id: u.user.id, name: u.user.name }, token: true, parentDocument: 'threw', origin: base });
    expect(['', 'threw']).toContain(start.cookie); // an opaque origin has no cookies (reading them throws)
    await page.waitForFunction('document.querySelector(\'iframe[data-bot="PageBot"]\').style.height === "333px"');
  }, 30_000);

  it('hands the frame its bot actions (not another bot’s), the room events and the live timeline', async () => {
    const frame = page.frameLocator('iframe[data-bot="PageBot"]');
    const mine = (await api().post('/v1/botActions', { name: 'ping', roomId: room.id, botId: 'PageBot' })).body;
    const theirs = (await api().post('/v1/botActions', { name: 'ping', roomId: room.id, botId: 'OtherBot' })).body;
    await api().post('/v1/events', { log: 'live event', roomId: room.id });
    await page.locator('#timeline li', { hasText: 'live event' }).waitFor({ timeout: 10_000 });
    await frame.locator('.rec', { hasText: 'refocus.events' }).first().waitFor({ timeout: 10_000 });
    const recs = await records(frame);
    expect(recs.filter((r) => r.kind === 'refocus.bot.actions').map((r) => r.id)).toEqual([mine.id]);
    expect(recs.some((r) => r.id === theirs.id)).toBe(false);
  }, 30_000);

  it('reaches the API only within its room, cross-origin, with the room token', async () => {
    const frame = page.frameLocator('iframe[data-bot="PageBot"]');
    await frame.locator('#PageBot').evaluate((_el, ids) => (globalThis as unknown as { __probe: (a: number, b: number) => void }).__probe(ids[0], ids[1]), [room.id, other.id]);
    await frame.locator('.rec', { hasText: 'postEvent' }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    const fetched = Object.fromEntries((await records(frame)).filter((r) => r.kind === 'fetch').map((r) => [r.label, r.status]));
    expect(fetched).toMatchObject({ ownRoom: 200, otherRoom: 403, rooms: 403, subjects: 'blocked', sessionPage: 'blocked', postEvent: 201 });
    await page.locator('#timeline li', { hasText: 'from the frame' }).waitFor({ timeout: 10_000 });
  }, 30_000);
});
