import { spawn } from 'node:child_process';
import http from 'node:http';
import { createTestApp, TestApp } from '../support/app';
import { adminToken, createUserWithToken, TestUser } from '../support/identity';
import { eventually, listening, RT } from '../support/realtime';

/** One SSE message as `curl -N` shows it: `event:` and `data:` lines, or a comment. */
interface SseMessage {
  event?: string;
  data?: string;
  comment?: string;
}

/** Opens an SSE stream like `curl -N -H "Authorization: …"` and parses what arrives. */
function stream(base: string, path: string, token?: string): Promise<{ status: number; messages: SseMessage[]; headers: http.IncomingHttpHeaders; ended: () => boolean; close: () => void; body: () => string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers: token ? { Authorization: token } : {} }, (res) => {
      let buf = '';
      let all = '';
      let ended = false;
      const messages: SseMessage[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        all += chunk;
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const m: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) m.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) m.event = line.slice(7);
            else if (line.startsWith('data: ')) m.data = line.slice(6);
          }
          messages.push(m);
        }
      });
      res.on('end', () => (ended = true));
      res.on('close', () => (ended = true));
      resolve({ status: res.statusCode ?? 0, headers: res.headers, messages, ended: () => ended, close: () => req.destroy(), body: () => all });
    });
    req.on('error', reject);
  });
}

describe('Realtime feed for scripts (Server-Sent Events)', () => {
  let t: TestApp;
  let base: string;
  let u: TestUser;
  let admin: string;
  const api = (method: 'post' | 'patch', path: string, body: unknown) => t.http()[method](path).set('Authorization', admin).send(body as object);

  beforeAll(async () => {
    t = await createTestApp({ REALTIME_SSE_HEARTBEAT_MS: '200', REALTIME_AUTH_CHECK_MS: '200' });
    base = await listening(t);
    u = await createUserWithToken(t);
    admin = await adminToken(t);
    await api('post', '/v1/subjects', { name: 'Fleet', isPublished: true }).expect(201);
    for (const name of ['cpu', 'mem']) {
      await api('post', '/v1/aspects', { name, timeout: '1m', isPublished: true, criticalRange: [90, 100], okRange: [0, 89], valueType: 'NUMERIC' }).expect(201);
    }
  });
  afterAll(() => t.close());

  it('answers 401 with the error body without a token, or with a junk one', async () => {
    for (const token of [undefined, 'junk', `Bearer rfk_${'x'.repeat(30)}`]) {
      const s = await stream(base, '/v1/subjects/Fleet/events', token);
      expect(s.status).toBe(401);
      await eventually(() => s.ended());
      expect(JSON.parse(s.body())).toMatchObject({ errors: [{ type: 'AuthenticationError' }] });
    }
  });

  it('answers 404 for an unknown subject or perspective, 400 for a bad filter', async () => {
    expect((await t.http().get('/v1/subjects/Nope/events').set('Authorization', u.token)).status).toBe(404);
    expect((await t.http().get('/v1/perspectives/Nope/events').set('Authorization', u.token)).status).toBe(404);
    expect((await t.http().get('/v1/subjects/Fleet/events?aspect=cpu,-mem').set('Authorization', u.token)).status).toBe(400);
  });

  it('streams the filtered events (event: name, data: payload JSON) and heartbeat comments', async () => {
    const s = await stream(base, '/v1/subjects/fleet/events?aspect=cpu', `Bearer ${u.token}`);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    const at = Date.now();
    await api('post', '/v1/samples/upsert', { name: 'Fleet|mem', value: '1' }).expect(200);
    await api('post', '/v1/samples/upsert', { name: 'Fleet|cpu', value: '95' }).expect(200);
    await eventually(() => s.messages.some((m) => m.event === RT('sample.add')));
    expect(Date.now() - at).toBeLessThan(1000);
    const add = s.messages.find((m) => m.event === RT('sample.add'))!;
    expect(JSON.parse(add.data!)).toMatchObject({ name: 'Fleet|cpu', status: 'Critical', absolutePath: 'Fleet' });
    expect(s.messages.filter((m) => m.event).map((m) => m.event)).toEqual([RT('sample.add')]);
    await eventually(() => s.messages.some((m) => m.comment === 'heartbeat'));
    s.close();
  });

  it('works for a script with the real `curl -N` (the README\'s example): a sample change arrives within a second', async () => {
    const curl = spawn('curl', ['-N', '-s', '-H', `Authorization: ${u.token}`, `${base}/v1/subjects/Fleet/events?status=Critical`]);
    let out = '';
    curl.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    try {
      await eventually(() => out.includes(': heartbeat')); // the stream is open and subscribed
      const at = Date.now();
      await api('post', '/v1/samples/upsert', { name: 'Fleet|mem', value: '95' }).expect(200);
      await eventually(() => out.includes('"name":"Fleet|mem"'));
      expect(Date.now() - at).toBeLessThan(1000);
      const block = out.split('\n\n').find((b) => b.includes('"name":"Fleet|mem"'))!;
      expect(block).toMatch(/^event: refocus\.internal\.realtime\.sample\.(add|update)$/m);
      expect(JSON.parse(/^data: (.*)$/m.exec(block)![1])).toMatchObject({ name: 'Fleet|mem', status: 'Critical' });
    } finally {
      curl.kill();
    }
  });

  it('closes the stream when its token is revoked', async () => {
    const other = await createUserWithToken(t);
    const s = await stream(base, '/v1/subjects/Fleet/events', other.token);
    expect(s.status).toBe(200);
    const list = await t.http().get('/v1/tokens').set('Authorization', other.token).expect(200);
    await t.http().post(`/v1/tokens/${(list.body as { id: string }[])[0].id}/revoke`).set('Authorization', other.token).expect(200);
    await eventually(() => s.ended(), 2000);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await t.http().get('/v1/api-docs').expect(200);
    const paths = (doc.body as { paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>> }).paths;
    expect(paths['/v1/subjects/{key}/events'].get.responses['200'].content).toHaveProperty(['text/event-stream']);
    expect(paths['/v1/perspectives/{key}/events'].get).toBeDefined();
  });
});
