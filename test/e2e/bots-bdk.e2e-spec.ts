import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotsGateway } from '../../src/bots/realtime/bots.gateway';
import { makeZip } from '../fixtures/zip';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithToken, TestUser } from '../support/identity';

// Bots built with the real @salesforce/refocus-bdk 1.11.2, unmodified (test/fixtures/bdk-bot.js),
// as child processes against this server on a real port: socket.io-client 2.x on the root
// namespace, and polling mode. PostgreSQL pass only (child processes); HEARTBEAT_OFF.
const BOT_SCRIPT = join(__dirname, '..', 'fixtures', 'bdk-bot.js');

type Msg = { type: string; [k: string]: unknown };

async function waitFor<T>(what: string, check: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

class Bot {
  readonly messages: Msg[] = [];
  private seq = 0;
  log = '';

  constructor(readonly name: string, readonly child: ChildProcess) {
    child.on('message', (m: Msg) => this.messages.push(m));
    child.stdout?.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-10_000)));
    child.stderr?.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-10_000)));
  }

  /** Runs one BDK call in the bot process; answers its response's status and body. */
  async run(cmd: string, args: Record<string, unknown>): Promise<{ status?: number; body?: unknown; error?: string }> {
    const seq = ++this.seq;
    this.child.send({ cmd, seq, ...args });
    return (await waitFor(`${this.name} ${cmd}`, () => this.messages.find((m) => m.type === 'result' && m.seq === seq))) as never;
  }

  of(type: string): Msg[] {
    return this.messages.filter((m) => m.type === type);
  }
}

(process.env.TEST_DATABASE_URL ? describe : describe.skip)('bots built with the real refocus-bdk 1.11.2 (PostgreSQL pass)', () => {
  let t: TestApp;
  let u: TestUser;
  let url: string;
  let dir: string;
  const bots: Bot[] = [];
  let a: Bot;
  let b: Bot;
  let roomA: { id: number };
  let roomB: { id: number };
  const ids: Record<string, string> = {};

  function start(name: string, env: Record<string, string> = {}): Bot {
    const child = fork(BOT_SCRIPT, [url, u.token, name], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { PATH: process.env.PATH ?? '', HEARTBEAT_OFF: 'true', ...env },
    });
    const bot = new Bot(name, child);
    bots.push(bot);
    return bot;
  }

  const api = () => ({
    get: (p: string) => t.http().get(p).set('Authorization', u.token),
    post: (p: string, body: object) => t.http().post(p).set('Authorization', u.token).send(body),
  });

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    u = await createUserWithToken(t);
    dir = mkdtempSync(join(tmpdir(), 'bdk-bot-'));
    mkdirSync(join(dir, 'web', 'dist'), { recursive: true });
    writeFileSync(join(dir, 'web', 'dist', 'bot.zip'), await makeZip({ 'index.html': '<div id="bot"></div>' }));
    a = start('BdkBotA');
    b = start('BdkBotB');
    for (const bot of [a, b]) {
      await waitFor(`${bot.name} installed`, () => bot.of('installed').length > 0 || (bot.child.exitCode !== null && Promise.reject(new Error(bot.log))));
      ids[bot.name] = (await api().get(`/v1/bots/${bot.name}`)).body.id;
    }
    await waitFor('both sockets', () => [a, b].every((bot) => t.app.get(BotsGateway).connectedBots().includes(ids[bot.name])));
    await api().post('/v1/roomTypes', { name: 'BdkType' });
    roomA = (await api().post('/v1/rooms', { name: 'bdk-a', type: 'BdkType', bots: ['BdkBotA'] })).body;
    roomB = (await api().post('/v1/rooms', { name: 'bdk-b', type: 'BdkType', bots: ['BdkBotB'] })).body;
  }, 60_000);

  afterAll(async () => {
    for (const bot of bots) bot.child.kill();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installed through PUT 404 → POST, with the bot token', async () => {
    const bot = (await api().get('/v1/bots/BdkBotA')).body;
    expect(bot).toMatchObject({ name: 'BdkBotA', active: true, displayName: 'Bot BdkBotA', actions: [{ name: 'ping', parameters: [] }] });
    const tokens = (await t.dataSource.query("SELECT count(*)::int AS n FROM tokens WHERE kind = 'bot' AND bound_id = $1", [ids.BdkBotA])) as { n: number }[];
    expect(tokens[0].n).toBe(1);
  });

  it('hears bot.namespace.initialize for a new room it is in, and only for that one', async () => {
    await waitFor('initialize', () => a.of('initialize').length > 0);
    expect(a.of('initialize').map((m) => (m.room as { id: number }).id)).toEqual([roomA.id]);
    await waitFor('initialize b', () => b.of('initialize').length > 0);
    expect(b.of('initialize').map((m) => (m.room as { id: number }).id)).toEqual([roomB.id]);
  });

  it('hears bot.action.add on its socket and answers with respondBotAction (response and an event)', async () => {
    const action = (await api().post('/v1/botActions', { name: 'ping', roomId: roomA.id, botId: 'BdkBotA' })).body;
    const responded = await waitFor('the answer', () => a.of('responded').find((m) => m.id === action.id), 15_000);
    expect(responded.status).toBe(201);
    const done = (await api().get(`/v1/botActions/${action.id}`)).body;
    expect(done).toMatchObject({ isPending: false, response: { answeredBy: 'BdkBotA' } });
    const events = (await api().get(`/v1/events?botActionId=${action.id}`)).body;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ roomId: roomA.id, botId: ids.BdkBotA, userId: u.user.id, context: { name: 'ping', user: { name: u.user.name } } });
  }, 30_000);

  it('upsertBotData twice: 201, then 200 merged', async () => {
    expect((await a.run('upsert', { room: roomA.id, key: 'state', value: { a: 1 } })).status).toBe(201);
    expect((await a.run('upsert', { room: roomA.id, key: 'state', value: { b: 2 } })).status).toBe(200);
    const data = (await api().get(`/v1/botData?botId=BdkBotA&roomId=${roomA.id}&name=state`)).body;
    expect(JSON.parse(data[0].value)).toEqual({ a: 1, b: 2 });
    await waitFor('data on the socket', () => a.of('data').length >= 2);
  });

  it('createEvents (botId = its name) and bulkCreateEvents; getAllEvents reads them', async () => {
    const one = await a.run('event', { room: roomA.id, log: 'single', context: { type: 'Event' }, actionType: 'note' });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ botId: ids.BdkBotA, roomId: roomA.id });
    const bulk = await a.run('bulk', { events: [{ log: 'bulk 1', roomId: roomA.id, botId: 'BdkBotA' }, { log: 'bulk 2', roomId: roomA.id }] });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ status: 'OK' });
    const all = (await a.run('allEvents', { room: roomA.id })).body as { log: string }[];
    expect(all.map((e) => e.log)).toEqual(expect.arrayContaining(['single', 'bulk 1', 'bulk 2']));
    await waitFor('events on the socket', () => a.of('event').length >= 3);
  });

  it('a bot of another room saw none of it, and hears its own room', async () => {
    expect(await b.run('settings', { room: roomB.id, settings: { channel: '#b' } })).toMatchObject({ status: 200 });
    await api().post('/v1/events', { log: 'for b', roomId: roomB.id });
    await waitFor('b hears its room', () => b.of('event').length > 0 && b.of('settings').length > 0);
    const aboutA = b.messages.filter((m) => JSON.stringify(m).includes(`"roomId":${roomA.id}`) || JSON.stringify(m).includes(ids.BdkBotA));
    expect(aboutA).toEqual([]);
    expect(b.of('action')).toEqual([]);
    expect(b.of('data')).toEqual([]);
    expect(a.of('settings')).toEqual([]);
  });

  it('polling mode (USE_POLLING) finds and answers a pending action', async () => {
    const p = start('BdkBotPoll', { USE_POLLING: 'true' });
    // a child process's start: under a full parallel CI run it has taken over 20 s
    await waitFor('poll bot installed', () => p.of('installed').length > 0, 45_000);
    const room = (await t.http().patch('/v1/rooms/bdk-a').set('Authorization', u.token).send({ bots: ['BdkBotA', 'BdkBotPoll'] })).body;
    const action = (await api().post('/v1/botActions', { name: 'ping', roomId: room.id, botId: 'BdkBotPoll' })).body;
    await waitFor('the polled answer', () => p.of('responded').find((m) => m.id === action.id), 20_000);
    expect((await api().get(`/v1/botActions/${action.id}`)).body).toMatchObject({ isPending: false, response: { answeredBy: 'BdkBotPoll' } });
  }, 80_000);
});
