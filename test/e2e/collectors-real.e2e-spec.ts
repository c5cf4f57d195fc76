import { api } from '../support/api';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TestUser } from '../support/identity';
import { insertAspect, insertSubject, unique } from '../support/records';

// The real @salesforce/refocus-collector 1.2.1, unmodified, as child processes against this
// server on a real port, with a data source of the test's own. PostgreSQL pass only (child
// processes are kept out of the embedded-engine pass); short intervals through the config.
const COMMANDS = join(__dirname, '..', '..', 'node_modules', '@salesforce', 'refocus-collector', 'src', 'commands');
const SECRET = 'p@ss word/with+symbols';

async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

(process.env.TEST_DATABASE_URL ? describe : describe.skip)('the real refocus-collector 1.2.1 (PostgreSQL pass)', () => {
  let t: TestApp;
  let u: TestUser;
  let url: string;
  let source: Server;
  let sourceUrl: string;
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const children: ChildProcess[] = [];
  const logs = new Map<string, string>();

  function collector(verb: string, name: string): ChildProcess {
    const child = spawn(process.execPath, [join(COMMANDS, `refocus-collector-${verb}.js`), '--collectorName', name, '--refocusUrl', url, '--accessToken', u.token], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    const key = `${verb} ${name}`;
    const append = (d: Buffer) => logs.set(key, ((logs.get(key) ?? '') + d.toString()).slice(-20_000));
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    children.push(child);
    return child;
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  async function collectorRow(name: string) {
    const rows = (await t.dataSource.query(
      'SELECT id, status, last_heartbeat AS "lastHeartbeat", process_info AS "processInfo" FROM collectors WHERE name = $1',
      [name],
    )) as { id: string; status: string; lastHeartbeat: Date; processInfo: Record<string, unknown> | null }[];
    return rows[0] ?? null;
  }

  async function samplesOf(rootPath: string, aspect: string) {
    return (await t.dataSource.query(
      `SELECT s.absolute_path AS path, sm.value, sm.status, sm.updated_at AS "updatedAt"
         FROM samples sm JOIN subjects s ON s.id = sm.subject_id JOIN aspects a ON a.id = sm.aspect_id
        WHERE s.absolute_path LIKE $1 AND a.name = $2 ORDER BY s.absolute_path`,
      [`${rootPath}.%`, aspect],
    )) as { path: string; value: string; status: string; updatedAt: Date }[];
  }

  beforeAll(async () => {
    t = await createTestApp({ COLLECTOR_HEARTBEAT_INTERVAL_MILLIS: '1000', COLLECTOR_HEARTBEAT_LATENCY_TOLERANCE_MILLIS: '1000' });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    u = await createUserWithToken(t);
    source = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ ok: 0, bad: 1 }));
    });
    await new Promise<void>((r) => source.listen(0, '127.0.0.1', r));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    source?.closeAllConnections();
    await new Promise((r) => source?.close(r));
    await t?.close();
  });

  it('starts, heartbeats, runs a generator with a secret context, hands over when killed, stops and deregisters', async () => {
    const [c1, c2] = [unique('rc1'), unique('rc2')];
    const root = await insertSubject(t);
    await insertSubject(t, { name: 'ok', parent: root });
    await insertSubject(t, { name: 'bad', parent: root });
    const aspect = (await insertAspect(t)).name;

    // Start: the collector registers itself and heartbeats.
    const p1 = collector('start', c1);
    const first = await waitFor('c1 to register', () => collectorRow(c1));
    expect(first.status).toBe('Running');
    const hb = await waitFor('c1 heartbeats', async () => {
      const r = await collectorRow(c1);
      return r && r.lastHeartbeat.getTime() > first.lastHeartbeat.getTime() + 500 ? r : null;
    });
    expect(hb.processInfo).toHaveProperty('execPath');

    // Group, template (transform turns the source's JSON into samples), generator.
    expect((await api(t).as(u).post('/v1/collectorGroups', { name: unique('grp'), collectors: [c1] })).status).toBe(201);
    const group = (await api(t).as(u.token).get(`/v1/collectors/${c1}`)).body.collectorGroup.name as string;
    const tpl = unique('tpl');
    const created = await api(t).as(u).post('/v1/generatorTemplates', {
      name: tpl,
      version: '1.0.0',
      description: 'Reads {name: value} from the test source',
      author: { name: 'Test', email: 'test@example.com' },
      connection: { method: 'GET', url: `${sourceUrl}/status/{{region}}`, headers: { 'X-Secret': '{{secret}}' }, bulk: true },
      contextDefinition: { region: { description: 'Region', required: true }, secret: { description: 'Secret', required: true, encrypted: true } },
      transform: {
        default:
          'return subjects.map(function (s) { return { name: s.absolutePath + "|" + aspects[0].name, value: String(res.body[s.name]) }; });',
      },
      isPublished: true,
    });
    expect(created.status).toBe(201);
    const gen = await api(t).as(u).post('/v1/generators', {
      name: unique('gen'),
      aspects: [aspect],
      subjectQuery: `absolutePath=${root.path}.*`,
      generatorTemplate: { name: tpl, version: '^1.0.0' },
      context: { region: 'east', secret: SECRET },
      collectorGroup: group,
      isActive: true,
      intervalSecs: 1,
    });
    expect(gen.status).toBe(201);

    // Samples appear with the statuses of the aspect's ranges; the source got the secret decrypted.
    const samples = await waitFor('samples from c1', async () => {
      const s = await samplesOf(root.path, aspect);
      return s.length === 2 ? s : null;
    });
    expect(samples.map((s) => [s.path.split('.').pop(), s.value, s.status])).toEqual([
      ['bad', '1', 'Critical'],
      ['ok', '0', 'OK'],
    ]);
    expect(seen.some((r) => r.path === '/status/east' && r.headers['x-secret'] === SECRET)).toBe(true);

    // A second collector joins; the first is killed: missed heartbeats move the generator to c2.
    const p2 = collector('start', c2);
    await waitFor('c2 to register', () => collectorRow(c2));
    expect((await api(t).as(u).post(`/v1/collectorGroups/${group}/collectors`, [c2])).status).toBe(201);
    p1.kill('SIGKILL');
    await exited(p1);
    const killedAt = new Date();
    await waitFor('c1 MissedHeartbeat', async () => (await collectorRow(c1))?.status === 'MissedHeartbeat');
    await waitFor('the generator on c2', async () => {
      const g = await api(t).as(u.token).get(`/v1/generators/${gen.body.name}`);
      return g.body.currentCollector?.name === c2;
    });
    await waitFor('samples from c2', async () => (await samplesOf(root.path, aspect)).every((s) => s.updatedAt > killedAt));

    // Deregister c2: its token stops working (heartbeats no longer recorded).
    const c2row = (await collectorRow(c2))!;
    expect((await api(t).as(u).post(`/v1/collectors/${c2}/deregister`, {})).status).toBe(200);
    const revoked = (await t.dataSource.query(`SELECT is_revoked FROM tokens WHERE kind = 'collector' AND bound_id = $1`, [c2row.id])) as { is_revoked: string }[];
    expect(revoked.every((r) => r.is_revoked !== '0')).toBe(true);
    const after = (await collectorRow(c2))!.lastHeartbeat.getTime();
    await new Promise((r) => setTimeout(r, 2500));
    expect((await collectorRow(c2))!.lastHeartbeat.getTime()).toBe(after);
    p2.kill('SIGKILL');

    // Restarted after reregister, `refocus-collector stop` makes it exit.
    expect((await api(t).as(u).post(`/v1/collectors/${c2}/reregister`, {})).status).toBe(200);
    const p3 = collector('start', c2);
    await waitFor('c2 running again', async () => (await collectorRow(c2))?.status === 'Running' && (await collectorRow(c2))!.lastHeartbeat.getTime() > after);
    await exited(collector('stop', c2));
    expect(await Promise.race([exited(p3), new Promise((r) => setTimeout(() => r('still running'), 10_000))])).toBe(0);
    expect((await collectorRow(c2))!.status).toBe('Stopped');
  }, 120_000);

  afterEach(() => {
    // COLLECTOR_LOGS=1 prints what the collectors said (the first thing to read when this fails).
    if (process.env.COLLECTOR_LOGS) for (const [k, v] of logs) process.stdout.write(`--- ${k}\n${v.slice(-3000)}\n`);
  });
});
