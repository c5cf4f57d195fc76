import { api } from '../support/api';
import { createTestApp, TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import { insertAspect, insertSubject, insertWriters, unique } from '../support/records';
import { decryptAsCollector } from '../../src/collectors/collector-cipher';
import { MissedHeartbeatJob } from '../../src/collectors/missed-heartbeat.job';
import { HEARTBEAT_SWEEP_LOCK_KEY } from '../../src/collectors/assignment.repository';

// Collectors, groups, templates and generators through HTTP, the way refocus-collector 1.2.1 calls
// them (the real collector runs in collectors-real.e2e-spec.ts).
let t: TestApp;
let u: TestUser;
let other: TestUser;
let admin: string;
let aspect: string;
let root: { id: string; path: string };

const START_BODY = (name: string) => ({
  name,
  version: '1.2.1',
  osInfo: { arch: 'x64', hostname: 'h', platform: 'linux', release: '6', type: 'Linux', username: 'me' },
  processInfo: {
    execPath: '/usr/bin/node',
    memoryUsage: { rss: 1, heapTotal: 2, heapUsed: 3, external: 4, arrayBuffers: 5 },
    uptime: 1.5,
    version: 'v20.0.0',
    versions: { node: '20.0.0' },
  },
});
const HB_BODY = (timestamp = Date.now()) => ({ timestamp, collectorConfig: { ...START_BODY('x'), name: undefined } });

const TEMPLATE = (name: string, version = '1.0.0', extra: Record<string, unknown> = {}) => ({
  name,
  version,
  description: 'Test template',
  author: { name: 'Tester', email: 'tester@example.com' },
  connection: { method: 'GET', url: 'http://127.0.0.1:1/{{region}}', headers: { Authorization: '{{token}}' }, bulk: true },
  contextDefinition: {
    region: { description: 'Region', required: true },
    token: { description: 'Secret', required: true, encrypted: true },
    size: { description: 'Size', default: 3 },
  },
  transform: { default: 'return subjects.map(function (s) { return { name: s.absolutePath + "|" + aspects[0].name, value: "0" }; });' },
  isPublished: true,
  ...extra,
});

async function start(name: string, token = u.token) {
  return api(t).as(token).post('/v1/collectors/start').set('collector-name', name).send(START_BODY(name));
}

beforeAll(async () => {
  t = await createTestApp({ COLLECTOR_HEARTBEAT_INTERVAL_MILLIS: '60000', COLLECTOR_HEARTBEAT_LATENCY_TOLERANCE_MILLIS: '1000' });
  u = await createUserWithToken(t);
  other = await createUserWithToken(t);
  admin = await adminToken(t);
  aspect = (await insertAspect(t)).name;
  root = await insertSubject(t);
});

afterAll(async () => {
  await t?.close();
});

describe('collector start, heartbeat and commands', () => {
  it('start registers a Running collector and answers what 1.2.1 reads', async () => {
    const name = unique('c');
    const res = await start(name);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name, status: 'Running', registered: true, version: '1.2.1', encryptionAlgorithm: 'aes-256-cbc' });
    expect(res.body.token).toMatch(/^rfk_/);
    expect(res.body.collectorConfig).toMatchObject({
      heartbeatIntervalMillis: 60000,
      heartbeatLatencyToleranceMillis: 1000,
      requireSslToRemoteDataSource: false,
      status: 'Running',
    });
    expect(typeof res.body.timestamp).toBe('number');
    expect(res.body.generatorsAdded).toEqual([]);
    expect(res.body.osInfo.hostname).toBe('h');
    const status = await api(t).as(other.token).get(`/v1/collectors/${name}/status`);
    expect(status.body).toEqual({ status: 'Running' });
  });

  it('starting a Running or Paused collector is 403; stop then start works; others may not restart it', async () => {
    const name = unique('c');
    await start(name);
    expectErrorBody(await start(name), 403, 'ForbiddenError');
    expect((await api(t).as(u.token).post(`/v1/collectors/${name}/pause`, {})).body.status).toBe('Paused');
    expectErrorBody(await start(name), 403, 'ForbiddenError');
    expectErrorBody(await api(t).as(u.token).post(`/v1/collectors/${name}/pause`, {}), 400);
    expect((await api(t).as(u.token).post(`/v1/collectors/${name}/resume`, {})).body.status).toBe('Running');
    expectErrorBody(await api(t).as(other.token).post(`/v1/collectors/${name}/stop`, {}), 403, 'ForbiddenError');
    expect((await api(t).as(u.token).post(`/v1/collectors/${name}/stop`, {})).body.status).toBe('Stopped');
    expectErrorBody(await start(name, other.token), 403, 'ForbiddenError');
    expect((await api(t).as(admin).post(`/v1/collectors/${name}/stop?override=admin`, {})).status).toBe(200);
    expect((await start(name)).status).toBe(200);
  });

  it('heartbeat: only with its own token; records the heartbeat; Stopped is told', async () => {
    const a = unique('c');
    const b = unique('c');
    const ta = (await start(a)).body.token as string;
    const tb = (await start(b)).body.token as string;
    expectErrorBody(await api(t).as(tb).post(`/v1/collectors/${a}/heartbeat`, HB_BODY()), 403);
    expectErrorBody(await api(t).as(u.token).post(`/v1/collectors/${a}/heartbeat`, HB_BODY()), 403);
    await t.dataSource.query(`UPDATE collectors SET last_heartbeat = now() - interval '1 hour' WHERE name = $1`, [a]);
    const hb = await api(t).as(ta).post(`/v1/collectors/${a}/heartbeat`, HB_BODY());
    expect(hb.status).toBe(200);
    expect(hb.body).toEqual({
      collectorConfig: expect.objectContaining({ status: 'Running', heartbeatIntervalMillis: 60000 }),
      encryptionAlgorithm: 'aes-256-cbc',
      generatorsAdded: [],
      generatorsUpdated: [],
      generatorsDeleted: [],
    });
    const rec = await api(t).as(u.token).get(`/v1/collectors/${a}`);
    expect(Date.now() - Date.parse(rec.body.lastHeartbeat)).toBeLessThan(60_000);
    await api(t).as(u.token).post(`/v1/collectors/${a}/stop`, {});
    const told = await api(t).as(ta).post(`/v1/collectors/${a}/heartbeat`, HB_BODY());
    expect(told.body.collectorConfig.status).toBe('Stopped');
    expectErrorBody(await api(t).as(ta).post(`/v1/collectors/${a}/heartbeat`, { timestamp: 'x' }), 400);
    expectErrorBody(await api(t).as(ta).post(`/v1/collectors/${a}/heartbeat`, { timestamp: 1, collectorConfig: { osInfo: 'x' } }), 400);
    expectErrorBody(await api(t).as(ta).post(`/v1/collectors/${a}/heartbeat`, { timestamp: 1, collectorConfig: { nope: 1 } }), 400);
  });

  it('deregister: the collector token stops working at once, start is 403 until reregister', async () => {
    const name = unique('c');
    const token = (await start(name)).body.token as string;
    expect((await api(t).as(token).get('/v1/subjects')).status).toBe(200);
    const dereg = await api(t).as(u.token).post(`/v1/collectors/${name}/deregister`, {});
    expect(dereg.body).toMatchObject({ status: 'Stopped', registered: false });
    expectErrorBody(await api(t).as(token).post(`/v1/collectors/${name}/heartbeat`, HB_BODY()), 401);
    expectErrorBody(await start(name), 403, 'ForbiddenError');
    expect((await api(t).as(u.token).post(`/v1/collectors/${name}/reregister`, {})).body.registered).toBe(true);
    expectErrorBody(await api(t).as(u.token).post(`/v1/collectors/${name}/reregister`, {}), 400);
    expect((await start(name)).status).toBe(200);
  });

  it('list, get, patch with the usual conventions; unknown keys 404; read-only fields 400', async () => {
    const name = unique('c');
    await start(name);
    const list = await api(t).as(u.token).get(`/v1/collectors?name=${name}`);
    expect(list.status).toBe(200);
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.body[0].apiLinks).toBeDefined();
    const upper = await api(t).as(u.token).get(`/v1/collectors/${name.toUpperCase()}`);
    expect(upper.body.name).toBe(name);
    const patched = await api(t).as(u.token).patch(`/v1/collectors/${name}`, { description: 'desc' });
    expect(patched.body.description).toBe('desc');
    expectErrorBody(await api(t).as(u.token).patch(`/v1/collectors/${name}`, { status: 'Paused' }), 400);
    expectErrorBody(await api(t).as(other.token).patch(`/v1/collectors/${name}`, { description: 'x' }), 403);
    expectErrorBody(await api(t).as(u.token).get('/v1/collectors/nope-nope'), 404);
    expectErrorBody(await api(t).as(u.token).post('/v1/collectors/start', { name: 'bad name!' }), 400);
    const writers = await api(t).as(u.token).get(`/v1/collectors/${name}/writers`);
    expect(writers.body.map((w: { id: string }) => w.id)).toEqual([u.user.id]);
  });
});

describe('templates, groups, generators and assignment', () => {
  let tplName: string;
  beforeAll(async () => {
    tplName = unique('tpl');
    for (const v of ['1.0.0', '1.2.0', '2.0.0']) {
      expect((await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(tplName, v))).status).toBe(201);
    }
    await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(tplName, '1.3.0', { isPublished: false }));
  });

  it('templates: unique name+version, semver checked, by name the highest version, by name/version exact', async () => {
    expectErrorBody(await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(tplName.toUpperCase(), '1.0.0')), 409);
    expectErrorBody(await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(unique('tpl'), '1.0')), 400);
    expectErrorBody(
      await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(unique('tpl'), '1.0.0', { connection: { method: 'GET' } })),
      400,
    );
    expect((await api(t).as(u.token).get(`/v1/generatorTemplates/${tplName}`)).body.version).toBe('2.0.0');
    const odd = unique('tpl');
    for (const v of ['1.0.0+build.5', '1.0.0-beta.1', '99999999999.0.0-rc.1', '99999999999.0.0']) {
      expect((await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(odd, v))).status).toBe(201);
    }
    expect((await api(t).as(u.token).get(`/v1/generatorTemplates/${odd}`)).body.version).toBe('99999999999.0.0');
    const exact = await api(t).as(u.token).get(`/v1/generatorTemplates/${tplName}/1.2.0`);
    expect(exact.body).toMatchObject({ name: tplName, version: '1.2.0', transform: TEMPLATE('x').transform });
    expectErrorBody(await api(t).as(u.token).get(`/v1/generatorTemplates/${tplName}/9.9.9`), 404);
    const list = await api(t).as(u.token).get(`/v1/generatorTemplates?name=${tplName}`);
    expect(list.headers['x-total-count']).toBe('4');
    const patched = await api(t).as(u.token).patch(`/v1/generatorTemplates/${exact.body.id}`, { description: 'new' });
    expect(patched.body.description).toBe('new');
  });

  it('generators: clear 400s for every bad input', async () => {
    const group = unique('grp');
    expect((await api(t).as(u.token).post('/v1/collectorGroups', { name: group })).status).toBe(201);
    const base = {
      name: unique('gen'),
      aspects: [aspect],
      subjectQuery: `absolutePath=${root.path}*`,
      generatorTemplate: { name: tplName, version: '^1.0.0' },
      context: { region: 'east', token: 'p@ss' },
      collectorGroup: group,
    };
    const post = (b: Record<string, unknown>) => api(t).as(u.token).post('/v1/generators', { ...base, ...b });
    const msg = async (b: Record<string, unknown>) => (expectErrorBody(await post(b), 400).message as string);
    expect(await msg({ generatorTemplate: { name: 'nope', version: '1.0.0' } })).toMatch(/No published generator template/);
    expect(await msg({ generatorTemplate: { name: tplName, version: '^7' } })).toMatch(/No published generator template/);
    expect(await msg({ generatorTemplate: { name: tplName, version: 'not a range' } })).toMatch(/not a semver range/);
    expect(await msg({ context: { region: 'e', token: 't', extra: 1 } })).toMatch(/not in the template/);
    expect(await msg({ context: { region: 'e' } })).toMatch(/Required context key\(s\) missing: token/);
    expect(await msg({ aspects: ['no-such-aspect'] })).toMatch(/Unknown aspect/);
    expect(await msg({ collectorGroup: 'no-such-group' })).toMatch(/Unknown collector group/);
    expectErrorBody(await post({ intervalSecs: 0 }), 400);
    expectErrorBody(await post({ intervalSecs: 1.5 }), 400);
    expectErrorBody(await post({ intervalSecs: 99999999999 }), 400);
    const locked = await insertAspect(t);
    await insertWriters(t, 'aspect', locked.id, [other.user.id]);
    expect(await msg({ aspects: [locked.name] })).toMatch(/may not write/);
    const ok = await post({});
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ intervalSecs: 60, isActive: false, context: { region: 'east', token: '********' }, collectorGroup: group });
    expect(JSON.stringify(ok.body)).not.toContain('p@ss');
    const stored = (await t.dataSource.query('SELECT secret_context::text AS s FROM generators WHERE id = $1', [ok.body.id])) as { s: string }[];
    expect(stored[0].s).not.toContain('p@ss');
    expectErrorBody(await post({}), 409);
  });

  it('assignment: least-loaded live collector; changes once on the next heartbeat; moves on stop and missed heartbeats', async () => {
    const group = unique('grp');
    const [c1, c2] = [unique('ca'), unique('cb')];
    const t1 = (await start(c1)).body.token as string;
    const t2 = (await start(c2)).body.token as string;
    const g = await api(t).as(u.token).post('/v1/collectorGroups', { name: group, collectors: [c1] });
    expect(g.body.collectors.map((c: { name: string }) => c.name)).toEqual([c1]);
    expectErrorBody(await api(t).as(u.token).post('/v1/collectorGroups', { name: unique('grp'), collectors: [c1] }), 400);
    const gen = unique('gen');
    const created = await api(t).as(u.token).post('/v1/generators', {
      name: gen,
      aspects: [aspect],
      subjectQuery: `absolutePath=${root.path}*`,
      generatorTemplate: { name: tplName, version: '^1.0.0' },
      context: { region: 'east', token: 'p@ss' },
      collectorGroup: group,
      isActive: true,
      intervalSecs: 5,
    });
    expect(created.body.currentCollector.name).toBe(c1);
    const ts = Date.now();
    const hb = await api(t).as(t1).post(`/v1/collectors/${c1}/heartbeat`, HB_BODY(ts));
    expect(hb.body.generatorsAdded).toHaveLength(1);
    const sent = hb.body.generatorsAdded[0];
    expect(sent).toMatchObject({ name: gen, aspects: [{ name: aspect }], intervalSecs: 5, subjectQuery: `absolutePath=${root.path}*` });
    expect(sent.generatorTemplate).toMatchObject({ name: tplName, version: '1.2.0', connection: expect.any(Object), contextDefinition: expect.any(Object) });
    expect(sent.token).toMatch(/^rfk_/);
    expect(sent.context.region).toBe('east');
    expect(decryptAsCollector(sent.context.token, t1, ts)).toBe('p@ss');
    // Given once.
    const again = await api(t).as(t1).post(`/v1/collectors/${c1}/heartbeat`, HB_BODY());
    expect(again.body.generatorsAdded).toEqual([]);
    // Generator token: upsert works while its collector runs.
    const sample = [{ name: `${root.path}|${aspect}`, value: '0' }];
    expect((await api(t).as(sent.token).post('/v1/samples/upsert/bulk', sample)).status).toBe(200);
    // An update is delivered as updated.
    await api(t).as(u.token).patch(`/v1/generators/${gen}`, { intervalSecs: 7 });
    const upd = await api(t).as(t1).post(`/v1/collectors/${c1}/heartbeat`, HB_BODY());
    expect(upd.body.generatorsUpdated.map((x: { intervalSecs: number }) => x.intervalSecs)).toEqual([7]);
    const newToken = upd.body.generatorsUpdated[0].token as string;
    // c1 stops: no live collector, the generator waits and its token is refused (403).
    await api(t).as(u.token).post(`/v1/collectors/${c1}/stop`, {});
    expectErrorBody(await api(t).as(newToken).post('/v1/samples/upsert/bulk', sample), 403);
    expect((await api(t).as(u.token).get(`/v1/generators/${gen}`)).body.currentCollector).toBeUndefined();
    // c2 joins the group: it gets the generator on its next heartbeat.
    await api(t).as(u.token).post(`/v1/collectorGroups/${group}/collectors`, [c2]);
    const moved = await api(t).as(t2).post(`/v1/collectors/${c2}/heartbeat`, HB_BODY());
    expect(moved.body.generatorsAdded.map((x: { name: string }) => x.name)).toEqual([gen]);
    // c1 back; c2 misses its heartbeats → the job moves the generator to c1.
    const t1b = (await start(c1)).body.token as string;
    await t.dataSource.query(`UPDATE collectors SET last_heartbeat = now() - interval '2 hours' WHERE name = $1`, [c2]);
    expect(await t.app.get(MissedHeartbeatJob).runOnce()).toBeGreaterThanOrEqual(1);
    expect((await api(t).as(u.token).get(`/v1/collectors/${c2}/status`)).body.status).toBe('MissedHeartbeat');
    const back = await api(t).as(t1b).post(`/v1/collectors/${c1}/heartbeat`, HB_BODY());
    expect(back.body.generatorsAdded.map((x: { name: string }) => x.name)).toEqual([gen]);
    // c2 comes back: Running again, told to delete it.
    const c2back = await api(t).as(t2).post(`/v1/collectors/${c2}/heartbeat`, HB_BODY());
    expect(c2back.body.collectorConfig.status).toBe('Running');
    expect(c2back.body.generatorsDeleted).toEqual([{ name: gen }]);
    // Deleting the generator: deleted on the next heartbeat, its token refused.
    const lastToken = back.body.generatorsAdded[0].token as string;
    expect((await api(t).as(u.token).delete(`/v1/generators/${gen}`)).status).toBe(200);
    expectErrorBody(await api(t).as(lastToken).post('/v1/samples/upsert/bulk', sample), 401);
    const del = await api(t).as(t1b).post(`/v1/collectors/${c1}/heartbeat`, HB_BODY());
    expect(del.body.generatorsDeleted).toEqual([{ name: gen }]);
  });

  it('collector groups: CRUD, membership by name, writers', async () => {
    const name = unique('grp');
    const c = unique('c');
    await start(c);
    const created = await api(t).as(u.token).post('/v1/collectorGroups', { name, description: 'd' });
    expect(created.status).toBe(201);
    expectErrorBody(await api(t).as(u.token).post('/v1/collectorGroups', { name: name.toUpperCase() }), 409);
    expectErrorBody(await api(t).as(u.token).post(`/v1/collectorGroups/${name}/collectors`, ['nope-x']), 400);
    const added = await api(t).as(u.token).post(`/v1/collectorGroups/${name}/collectors`, { collectors: [c] });
    expect(added.body.collectors.map((x: { name: string }) => x.name)).toEqual([c]);
    const removed = await api(t).as(u.token).delete(`/v1/collectorGroups/${name}/collectors`, [c]);
    expect(removed.body.collectors).toEqual([]);
    await api(t).as(u.token).post(`/v1/collectorGroups/${name}/writers`, [u.user.name]);
    expectErrorBody(await api(t).as(other.token).patch(`/v1/collectorGroups/${name}`, { description: 'x' }), 403);
    const put = await api(t).as(u.token).put(`/v1/collectorGroups/${name}`, { name });
    expect(put.body.description).toBeUndefined();
    expect((await api(t).as(u.token).get(`/v1/collectorGroups?name=${name}`)).headers['x-total-count']).toBe('1');
    expect((await api(t).as(u.token).delete(`/v1/collectorGroups/${name}`)).status).toBe(200);
    expectErrorBody(await api(t).as(u.token).get(`/v1/collectorGroups/${name}`), 404);
  });
});

describe('OpenAPI', () => {
  it('documents the collector routes and the subject list parameters generators use', async () => {
    const doc = (await t.http().get('/v1/api-docs')).body as { paths: Record<string, Record<string, { parameters?: { name?: string }[] }>> };
    for (const p of [
      '/v1/collectors/start',
      '/v1/collectors/{key}/heartbeat',
      '/v1/collectors/{key}/status',
      '/v1/collectors/{key}/writers',
      '/v1/collectorGroups/{key}/collectors',
      '/v1/generatorTemplates/{name}/{version}',
      '/v1/generators/{key}',
    ]) {
      expect(doc.paths[p]).toBeDefined();
    }
    const names = (doc.paths['/v1/subjects'].get.parameters ?? []).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['absolutePath', 'tags', 'isPublished']));
  });
});

describe('reassignment and delivery rules', () => {
  let tpl: string;
  const hb = (name: string, token: string) => api(t).as(token).post(`/v1/collectors/${name}/heartbeat`, HB_BODY());
  const names = (list: { name: string }[]) => list.map((x) => x.name);

  /** Two started collectors in a new group and an active generator (on the first, by name). */
  async function setup() {
    const [c1, c2] = [`a${unique('c')}`, `b${unique('c')}`];
    const t1 = (await start(c1)).body.token as string;
    const t2 = (await start(c2)).body.token as string;
    const group = unique('grp');
    await api(t).as(u.token).post('/v1/collectorGroups', { name: group, collectors: [c1, c2] });
    const gen = unique('gen');
    const res = await api(t).as(u.token).post('/v1/generators', {
      name: gen,
      aspects: [aspect],
      subjectQuery: `absolutePath=${root.path}*`,
      generatorTemplate: { name: tpl, version: '1.0.0' },
      context: { region: 'r', token: 's' },
      collectorGroup: group,
      isActive: true,
      intervalSecs: 10,
    });
    expect(res.body.currentCollector.name).toBe(c1);
    expect(names((await hb(c1, t1)).body.generatorsAdded)).toEqual([gen]);
    return { c1, c2, t1, t2, gen, id: res.body.id as string };
  }

  beforeAll(async () => {
    tpl = unique('tpl');
    await api(t).as(u.token).post('/v1/generatorTemplates', TEMPLATE(tpl));
  });

  it('pause moves the generators to another live collector; a Paused collector hears Paused and nothing else', async () => {
    const { c1, c2, t1, t2, gen } = await setup();
    await api(t).as(u.token).post(`/v1/collectors/${c1}/pause`, {});
    const paused = await hb(c1, t1);
    expect(paused.body).toMatchObject({ collectorConfig: { status: 'Paused' }, generatorsAdded: [], generatorsDeleted: [], generatorsUpdated: [] });
    expect(names((await hb(c2, t2)).body.generatorsAdded)).toEqual([gen]);
    // Resumed, c1 runs nothing (its generators were dropped when it paused) until one is assigned.
    await api(t).as(u.token).post(`/v1/collectors/${c1}/resume`, {});
    expect((await hb(c1, t1)).body).toMatchObject({ collectorConfig: { status: 'Running' }, generatorsAdded: [], generatorsDeleted: [] });
  });

  it('a generator that has not upserted for 3 intervals moves to another collector of the group', async () => {
    const { c2, t2, gen, id } = await setup();
    await t.dataSource.query(`UPDATE generators SET assigned_at = now() - interval '31 seconds' WHERE id = $1`, [id]);
    await t.app.get(MissedHeartbeatJob).runOnce();
    expect((await api(t).as(u.token).get(`/v1/generators/${gen}`)).body.currentCollector.name).toBe(c2);
    expect(names((await hb(c2, t2)).body.generatorsAdded)).toEqual([gen]);
  });

  it('a rename reaches the collector as delete + add; PUT resets what it leaves out', async () => {
    const { c1, t1, gen } = await setup();
    const renamed = `${gen}r`;
    await api(t).as(u.token).patch(`/v1/generators/${gen}`, { name: renamed });
    const told = await hb(c1, t1);
    expect(names(told.body.generatorsAdded)).toEqual([renamed]);
    expect(told.body.generatorsDeleted).toEqual([{ name: gen }]);
    const put = await api(t).as(u.token).put(`/v1/generators/${renamed}`, {
      name: renamed,
      aspects: [aspect],
      subjectQuery: 'absolutePath=x*',
      generatorTemplate: { name: tpl, version: '^1' },
      context: { region: 'r', token: '********' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ isActive: false, intervalSecs: 60, context: { region: 'r', token: '********' } });
    expect(put.body.collectorGroup).toBeUndefined();
    expect((await hb(c1, t1)).body.generatorsDeleted).toEqual([{ name: renamed }]);
  });

  it('lists generators and templates with filters; template writers by name', async () => {
    const { gen } = await setup();
    const list = await api(t).as(u.token).get(`/v1/generators?name=${gen}&isActive=true`);
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.body[0].context).toEqual({ region: 'r', token: '********' });
    expect((await api(t).as(u.token).get(`/v1/generatorTemplates/${tpl}/writers`)).body).toEqual([]);
    expect((await api(t).as(u.token).get(`/v1/generators/${gen}/writers`)).status).toBe(200);
  });

  (process.env.TEST_DATABASE_URL ? it : it.skip)('one sweep at a time across processes (advisory lock; PostgreSQL pass: needs a second connection)', async () => {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SELECT pg_advisory_xact_lock($1)', [HEARTBEAT_SWEEP_LOCK_KEY]);
      expect(await t.app.get(MissedHeartbeatJob).runOnce()).toBeNull();
      await runner.rollbackTransaction();
      expect(await t.app.get(MissedHeartbeatJob).runOnce()).not.toBeNull();
    } finally {
      await runner.release();
    }
  });
});
