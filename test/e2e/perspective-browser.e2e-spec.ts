import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type FrameLocator, type Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TEST_USER_PASSWORD, TestUser } from '../support/identity';
import { makeTree } from '../support/perspective-tree';
import { makeZip } from '../fixtures/zip';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SHOTS = process.env.RFK_SCREENSHOT_DIR;

/**
 * A lens of our own, written as lenses for the original are: it records in its DOM every event
 * it receives, what the page gives it (query string, ga, #errorInfo, the library order) and
 * what it cannot do (cookies, the API with the viewer's session, the host page).
 */
const RECORDING_LENS_JS = `
(function () {
  var lens = document.getElementById('lens');
  var log = document.createElement('pre');
  log.id = 'log';
  document.body.appendChild(log);
  function rec(o) { var line = document.createElement('div'); line.className = 'rec'; line.textContent = JSON.stringify(o); log.appendChild(line); }
  var cookie; try { cookie = document.cookie; } catch (e) { cookie = ''; }
  var parentDoc; try { parentDoc = typeof parent.document.body; } catch (e) { parentDoc = 'threw'; }
  rec({ kind: 'script', search: location.search, ga: typeof window.ga, errorInfo: !!document.getElementById('errorInfo'),
    helper: window.helperLoaded === true, cookie: cookie, parentDocument: parentDoc, evalWorks: eval('1 + 1') === 2 });
  fetch('/v1/subjects').then(function () { rec({ kind: 'fetch', result: 'ok' }); }, function () { rec({ kind: 'fetch', result: 'failed' }); });
  fetch('/perspectives', { credentials: 'include' })
    .then(function () { rec({ kind: 'fetchSession', result: 'ok' }); }, function () { rec({ kind: 'fetchSession', result: 'failed' }); });
  lens.addEventListener('refocus.lens.load', function (e) {
    rec({ kind: 'load', detail: e.detail });
    lens.addEventListener('refocus.lens.hierarchyLoad', function (e) {
      var d = e.detail;
      var h = d.hierarchy || d;
      var first = h.children && h.children[0] && h.children[0].samples[0];
      rec({ kind: 'hierarchyLoad', v2: !!d.hierarchy, root: h.absolutePath, aspects: d.aspects ? d.aspects.map(function (a) { return a.name; }) : null,
        sampleAspectHasRanges: !!(first && first.aspect && first.aspect.criticalRange), sampleHasAspectId: !!(first && first.aspectId),
        samples: (h.children || []).reduce(function (n, c) { return n.concat(c.samples.map(function (s) { return s.name; })); }, []) });
    });
  });
  lens.addEventListener('refocus.lens.realtime.change', function (e) { rec({ kind: 'change', at: Date.now(), detail: e.detail }); });
})();
`;

async function recordingLens(version: number): Promise<Buffer> {
  return makeZip({
    'a-helper.js': 'window.helperLoaded = true;',
    'lens.js': RECORDING_LENS_JS,
    'lens.json': JSON.stringify({ name: `Recorder${version}`, version: '1.0.0', lensEventApiVersion: version }),
    'style.css': '#log { font-size: 11px; }',
  });
}

async function records(frame: FrameLocator): Promise<Record<string, unknown>[]> {
  const lines = await frame.locator('.rec').allTextContents();
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

// The PostgreSQL pass runs it; so does `npm run screenshots` on any engine.
(process.env.TEST_DATABASE_URL || SHOTS ? describe : describe.skip)('browser: perspective pages, the lens host and the built-in lens (PostgreSQL pass)', () => {
  let t: TestApp;
  let base: string;
  let profileDir: string;
  let browser: BrowserContext;
  let u: TestUser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ REALTIME_EVENT_THROTTLE_MS: '300' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    u = await createUserWithToken(t, 'lens-viewer');
    await makeTree(t, u.token, 'Fleet');
    profileDir = mkdtempSync(join(tmpdir(), 'rfk-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
    page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('User name').fill(u.user.name);
    await page.getByLabel('Password').fill(TEST_USER_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/perspectives`), page.getByRole('button', { name: 'Sign in' }).click()]);
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await t?.close();
  });

  it('creates a perspective in the form and draws the subtree with the built-in lens', async () => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'perspectives-first.png'), fullPage: true });
    await page.getByLabel('Name', { exact: true }).fill('Fleet_Live');
    await page.getByLabel('Root subject').fill('Fleet');
    await Promise.all([page.waitForURL(`${base}/perspectives/Fleet_Live`), page.getByRole('button', { name: 'Create perspective' }).click()]);
    const frame = page.frameLocator('#lens-frame');
    await frame.locator('[data-sample="fleet.a|fleetcpu"]').waitFor({ timeout: 10000 });
    expect(await frame.locator('[data-sample]').count()).toBe(4);
    expect(await frame.locator('[data-subject="Fleet"] [data-worst]').getAttribute('data-worst')).toBe('OK');
    expect(await frame.locator('[data-count="OK"]').textContent()).toBe('OK 4');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'perspective.png'), fullPage: true });
  }, 30000);

  it('changes what the lens receives when the filters are edited in the form', async () => {
    await page.goto(`${base}/perspectives/Fleet_Live/edit`);
    await page.getByLabel('Aspects', { exact: true }).fill('FleetMem');
    await page.getByLabel('Aspects: include or exclude').selectOption('EXCLUDE');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'perspective-edit.png'), fullPage: true });
    await Promise.all([page.waitForURL(`${base}/perspectives/Fleet_Live`), page.getByRole('button', { name: 'Save' }).click()]);
    const frame = page.frameLocator('#lens-frame');
    await frame.locator('[data-sample="fleet.a|fleetcpu"]').waitFor({ timeout: 10000 });
    expect(await frame.locator('[data-sample]').count()).toBe(2);
    expect(await frame.locator('[data-sample="fleet.a|fleetmem"]').count()).toBe(0);
  }, 30000);

  /**
   * Writes a subject named `name` under Fleet behind the API's back (no such name passes its
   * validation), reloads the page and runs `check` on the lens frame, then removes the subject.
   */
  async function withOddSubject(name: string, check: (frame: FrameLocator) => Promise<void>): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO subjects (name, absolute_path, parent_id, is_published) SELECT $1::text, 'Fleet.' || $1::text, id, true FROM subjects WHERE absolute_path = 'Fleet'`,
      [name],
    );
    try {
      await page.reload();
      const frame = page.frameLocator('#lens-frame');
      await frame.locator('[data-sample="fleet.a|fleetcpu"]').waitFor({ timeout: 10000 });
      await check(frame);
    } finally {
      await t.dataSource.query(`DELETE FROM subjects WHERE name = $1`, [name]);
    }
  }

  it('shows a subject name full of HTML as text, in the lens and nowhere as markup', async () => {
    const evil = '<img src=x onerror=window.parent.pwned=1>';
    await withOddSubject(evil, async (frame) => {
      expect(await frame.getByText(evil, { exact: true }).count()).toBe(1);
      expect(await frame.locator('img[src="x"]').count()).toBe(0);
    });
  }, 30000);

  it('draws text outside ASCII as it is stored (the hierarchy reaches the frame as UTF-8 bytes)', async () => {
    const name = 'Zürich-東京-✓-🚦';
    await withOddSubject(name, async (frame) => {
      expect(await frame.getByText(name, { exact: true }).count()).toBe(1);
    });
  }, 30000);

  it('applies upserts and unpublishing live, without a reload', async () => {
    await page.goto(`${base}/perspectives/Fleet_Live`);
    const frame = page.frameLocator('#lens-frame');
    await frame.locator('[data-sample="fleet.a|fleetcpu"]').waitFor({ timeout: 10000 });
    await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 10000 });
    await page.evaluate('window.notReloaded = true');
    await t.http().post('/v1/samples/upsert').set('Authorization', u.token).send({ name: 'Fleet.A|FleetCpu', value: '5' }).expect(200);
    await frame.locator('[data-sample="fleet.a|fleetcpu"][data-status="Critical"]').waitFor({ timeout: 5000 });
    expect(await frame.locator('[data-subject="Fleet"] [data-worst]').getAttribute('data-worst')).toBe('Critical');
    expect(await frame.locator('[data-count="Critical"]').textContent()).toBe('Critical 1');
    expect(await page.locator('#last-event').textContent()).toMatch(/^last event /);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'perspective-live.png'), fullPage: true });

    await t.http().patch('/v1/subjects/Fleet.B').set('Authorization', u.token).send({ isPublished: false }).expect(200);
    await frame.locator('[data-subject="Fleet.B"]').waitFor({ state: 'detached', timeout: 5000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await t.http().patch('/v1/subjects/Fleet.B').set('Authorization', u.token).send({ isPublished: true }).expect(200);
  }, 30000);

  for (const version of [1, 2]) {
    it(`runs an unmodified v${version} lens in the sandbox: events in order, the query string, and no way out`, async () => {
      const upload = await t.http().post('/v1/lenses').set('Authorization', u.token).field('isPublished', 'true')
        .attach('library', await recordingLens(version), { filename: 'recorder.zip', contentType: 'application/zip' });
      expect(upload.status).toBe(201);
      const name = `Recorded${version}`;
      await t.http().post('/v1/perspectives').set('Authorization', u.token).send({ name, rootSubject: 'Fleet', lensId: upload.body.id }).expect(201);
      await page.goto(`${base}/perspectives/${name}?showAll=true`);
      const frame = page.frameLocator('#lens-frame');
      await frame.locator('.rec', { hasText: 'fetchSession' }).waitFor({ timeout: 10000 });
      await frame.locator('.rec', { hasText: 'hierarchyLoad' }).waitFor({ timeout: 10000 });
      const recs = await records(frame);
      const kinds = recs.map((r) => r.kind);
      expect(kinds.indexOf('script')).toBeLessThan(kinds.indexOf('load'));
      expect(kinds.indexOf('load')).toBeLessThan(kinds.indexOf('hierarchyLoad'));
      expect(recs.find((r) => r.kind === 'script')).toEqual({
        kind: 'script', search: '?showAll=true', ga: 'function', errorInfo: true, helper: true, cookie: '', parentDocument: 'threw', evalWorks: true,
      });
      expect(recs.find((r) => r.kind === 'fetch')).toEqual({ kind: 'fetch', result: 'failed' });
      expect(recs.find((r) => r.kind === 'fetchSession')).toEqual({ kind: 'fetchSession', result: 'failed' });
      expect(recs.find((r) => r.kind === 'load')).toEqual({ kind: 'load', detail: { userId: u.user.id } });
      const h = recs.find((r) => r.kind === 'hierarchyLoad')!;
      expect(h).toMatchObject({ v2: version === 2, root: 'Fleet', sampleAspectHasRanges: true, sampleHasAspectId: true });
      expect((h.samples as string[]).sort()).toEqual(['Fleet.A|FleetCpu', 'Fleet.A|FleetMem', 'Fleet.B|FleetCpu', 'Fleet.B|FleetMem']);
      if (version === 2) expect(h.aspects).toEqual(expect.arrayContaining(['FleetCpu', 'FleetMem']));
      expect(await page.evaluate('typeof window.pwned')).toBe('undefined');

      // Realtime: batches of one-key changes, at most one per REALTIME_EVENT_THROTTLE_MS (300 here).
      await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 10000 });
      const value = String(10 + version);
      for (const v of [value, '0', value]) {
        await t.http().post('/v1/samples/upsert').set('Authorization', u.token).send({ name: 'Fleet.B|FleetMem', value: v }).expect(200);
      }
      await frame.locator('.rec', { hasText: `"value":"${value}"` }).nth(1).waitFor({ timeout: 10000 });
      const changes = (await records(frame)).filter((r) => r.kind === 'change');
      for (let i = 1; i < changes.length; i++) expect((changes[i].at as number) - (changes[i - 1].at as number)).toBeGreaterThanOrEqual(250);
      const items = changes.flatMap((c) => c.detail as Record<string, Record<string, unknown>>[]);
      expect(items.every((item) => Object.keys(item).length === 1)).toBe(true);
      const update = items.find((item) => item['sample.update'])!['sample.update'] as { new: { name: string; aspect: Record<string, unknown>; aspectId?: string } };
      expect(update.new.name).toBe('Fleet.B|FleetMem');
      if (version === 1) {
        expect(update.new.aspect).toMatchObject({ name: 'FleetMem', criticalRange: [2, 9], okRange: [0, 1] });
        expect(update.new.aspectId).toEqual(expect.any(String));
      } else {
        // v2 gets the payload as the feed sent it: its aspect is LIVE.md's {name, tags, timeout}, nothing more.
        expect(update.new.aspect).toEqual({ name: 'FleetMem', tags: ['storage'], timeout: '1h' });
      }
      expect(items.filter((item) => Object.keys(item)[0].startsWith('aspect.'))).toEqual([]);
    }, 30000);
  }

  it('rebuilds the lens frame after a reconnect, with one set of socket handlers', async () => {
    await page.goto(`${base}/perspectives/Recorded1`);
    await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 10000 });
    await page.frameLocator('#lens-frame').locator('.rec', { hasText: 'hierarchyLoad' }).waitFor({ timeout: 10000 });
    await page.evaluate("document.getElementById('lens-frame').setAttribute('data-old', '1')");
    await browser.setOffline(true);
    await page.locator('#live-state:not([data-state="live"])').waitFor({ timeout: 15000 });
    await browser.setOffline(false);
    await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 20000 });
    const frame = page.frameLocator('#lens-frame:not([data-old])');
    await frame.locator('.rec', { hasText: 'hierarchyLoad' }).waitFor({ timeout: 10000 });
    expect(await page.locator('iframe').count()).toBe(1);
    await t.http().post('/v1/samples/upsert').set('Authorization', u.token).send({ name: 'Fleet.A|FleetMem', value: '7' }).expect(200);
    await frame.locator('.rec', { hasText: '"value":"7"' }).first().waitFor({ timeout: 10000 });
    await new Promise((r) => setTimeout(r, 700));
    const recs = await records(frame);
    expect(recs.filter((r) => r.kind === 'load')).toHaveLength(1);
    const items = recs.filter((r) => r.kind === 'change').flatMap((c) => c.detail as Record<string, { new?: { name: string; value: string } }>[]);
    expect(items.filter((i) => i['sample.update']?.new?.name === 'Fleet.A|FleetMem' && i['sample.update']?.new?.value === '7')).toHaveLength(1);
  }, 60000);
});
