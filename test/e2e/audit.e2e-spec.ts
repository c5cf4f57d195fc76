import request from 'supertest';
import { Client } from 'pg';
import { AuditAction } from '../../src/audit/audit-actions';
import { AuditLog } from '../../src/audit/audit-log.service';
import { RetentionJob } from '../../src/audit/retention.job';
import { RETENTION_LOCK_KEY } from '../../src/audit/retention.repository';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../support/app';
import { expectErrorBody } from '../support/errors';
import { startWithCast, TEST_USER_PASSWORD, TestUser } from '../support/identity';
import { insertAspect } from '../support/records';

/** An event as eventsAfter reads it (the table's column names). */
interface Ev {
  id: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  outcome: string;
  address: string | null;
  details: Record<string, unknown>;
}

let t: TestApp;
let u: TestUser;
let other: TestUser;
let admin: string;
let adminId: string;
/** Every secret and password the test hands out: none may appear in any event. */
const secrets: string[] = [TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD];

beforeAll(async () => {
  ({ t, u, other, admin } = await startWithCast());
  secrets.push(u.token, other.token, admin);
  adminId = ((await t.dataSource.query(`SELECT id::text AS id FROM users WHERE name = 'admin@refocus.admin'`)) as { id: string }[])[0].id;
});

afterAll(async () => {
  await t?.close();
});

async function lastId(): Promise<number> {
  const r = (await t.dataSource.query(`SELECT coalesce(max(id), 0)::int AS n FROM audit_events`)) as { n: number }[];
  return r[0].n;
}

async function eventsAfter(id: number): Promise<Ev[]> {
  return (await t.dataSource.query(
    `SELECT id::text AS id, actor_id::text AS actor_id, actor_name, action, target_type, target_id, target_name, outcome, address, details
       FROM audit_events WHERE id > $1 ORDER BY id`,
    [id],
  )) as Ev[];
}

/** Runs `act` and returns the events it left (waiting a little for events written after the response). */
async function during(act: () => Promise<unknown>, settleMs = 0): Promise<Ev[]> {
  const before = await lastId();
  await act();
  if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
  return eventsAfter(before);
}

function only(events: Ev[], action: string): Ev {
  expect(events.map((e) => e.action)).toEqual([action]);
  return events[0];
}

describe('audit log: one event per audited action', () => {
  it('records the boot configuration once at start', async () => {
    const rows = (await t.dataSource.query(`SELECT details FROM audit_events WHERE action = 'config.boot'`)) as { details: Record<string, unknown> }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toMatchObject({ corsRoutes: [], registrationOpen: true });
  });

  it('records sign-in success and failure (unknown user too), with the client address', async () => {
    const ok = only(
      await during(() => t.http().post('/v1/authenticate').send({ username: u.user.name, password: TEST_USER_PASSWORD }).expect(200)),
      'auth.login',
    );
    expect(ok).toMatchObject({ actor_id: u.user.id, actor_name: u.user.name, outcome: 'success', target_id: u.user.id });
    expect(ok.address).toBeTruthy();
    const bad = only(
      await during(() => t.http().post('/v1/authenticate').send({ username: u.user.name, password: 'wrong-password-1' }).expect(401)),
      'auth.login',
    );
    expect(bad).toMatchObject({ actor_id: u.user.id, outcome: 'failure' });
    secrets.push('wrong-password-1');
    const unknown = only(
      await during(() => t.http().post('/v1/authenticate').send({ username: 'nobody-here', password: 'wrong-password-2' }).expect(401)),
      'auth.login',
    );
    expect(unknown).toMatchObject({ actor_id: null, actor_name: 'nobody-here', outcome: 'failure' });
    secrets.push('wrong-password-2');
  });

  it('records sign-out from the web pages', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const csrf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];
    const form = await agent.get('/login');
    await agent.post('/login').type('form').send({ username: u.user.name, password: TEST_USER_PASSWORD, _csrf: csrf(form.text) }).expect(303);
    const page = await agent.get('/tokens');
    const out = only(await during(() => agent.post('/logout').type('form').send({ _csrf: csrf(page.text) }).expect(303)), 'auth.logout');
    expect(out).toMatchObject({ actor_id: u.user.id, actor_name: u.user.name, outcome: 'success' });
  });

  it('records token create, revoke, restore and delete with actor and target', async () => {
    let tokenId = '';
    const created = only(
      await during(async () => {
        const r = await t.http().post('/v1/tokens').set('Authorization', u.token).send({ name: 'audited' }).expect(201);
        tokenId = r.body.id;
        secrets.push(r.body.token);
      }),
      'token.create',
    );
    expect(created).toMatchObject({ actor_id: u.user.id, target_type: 'token', target_id: tokenId, target_name: 'audited' });
    expect(created.address).toBeTruthy(); // the caller's client address
    const revoked = only(await during(() => t.http().post(`/v1/tokens/${tokenId}/revoke`).set('Authorization', u.token).expect(200)), 'token.revoke');
    expect(revoked).toMatchObject({ actor_id: u.user.id, target_id: tokenId });
    const restored = only(await during(() => t.http().post(`/v1/tokens/${tokenId}/restore`).set('Authorization', admin).expect(200)), 'token.restore');
    expect(restored).toMatchObject({ actor_id: adminId, target_id: tokenId, details: { ownerId: u.user.id } });
    const deleted = only(await during(() => t.http().delete(`/v1/tokens/${tokenId}`).set('Authorization', u.token).expect(200)), 'token.delete');
    expect(deleted).toMatchObject({ actor_id: u.user.id, target_id: tokenId });
    // a refused action leaves no event
    expect(await during(() => t.http().post(`/v1/tokens/${tokenId}/revoke`).set('Authorization', other.token).expect(404))).toEqual([]);
  });

  it('records bot tokens issued with a bot and revoked when it is deleted', async () => {
    let botId = '';
    const created = await during(async () => {
      const r = await t.http().post('/v1/bots').set('Authorization', u.token).field('name', 'AuditBot').field('url', 'http://localhost:1').field('version', '1');
      expect(r.status).toBe(201);
      botId = r.body.id;
      secrets.push(r.body.token);
    });
    expect(only(created, 'token.create')).toMatchObject({ actor_id: u.user.id, target_type: 'token', details: { kind: 'bot' } });
    const revoked = only(await during(() => t.http().delete(`/v1/bots/${botId}`).set('Authorization', u.token).expect(200)), 'token.revoke');
    expect(revoked).toMatchObject({ actor_id: u.user.id, target_name: `bot ${botId}`, details: { kind: 'bot', boundId: botId } });
    expect(revoked.address).toBeTruthy();
  });

  it('records user registration, creation, profile change and deletion', async () => {
    const reg = await during(async () => {
      const r = await t.http().post('/v1/register').send({ username: 'self-made', password: 'self-made-password', email: 'self@example.com' }).expect(201);
      secrets.push(r.body.token, 'self-made-password');
    });
    expect(reg.map((e) => e.action).sort()).toEqual(['token.create', 'user.create']);
    expect(reg.find((e) => e.action === 'user.create')).toMatchObject({ actor_name: 'self-made', target_name: 'self-made', details: { registration: true } });
    expect(reg.every((e) => e.address)).toBe(true); // the user and its first token, with the client address

    let userId = '';
    const created = only(
      await during(async () => {
        const r = await t
          .http()
          .post('/v1/users')
          .set('Authorization', admin)
          .send({ name: 'made-by-admin', email: 'm@example.com', password: 'made-by-admin-pw', profileId: 'RefocusUser' })
          .expect(201);
        userId = r.body.id;
      }),
      'user.create',
    );
    secrets.push('made-by-admin-pw');
    expect(created).toMatchObject({ actor_id: adminId, target_type: 'user', target_id: userId, target_name: 'made-by-admin' });
    const promoted = only(
      await during(() => t.http().patch(`/v1/users/${userId}`).set('Authorization', admin).send({ profileId: 'Admin' }).expect(200)),
      'user.profile',
    );
    expect(promoted).toMatchObject({ actor_id: adminId, target_id: userId });
    // an edit that is not a profile change is not audited
    expect(await during(() => t.http().patch(`/v1/users/${userId}`).set('Authorization', admin).send({ fullName: 'M' }).expect(200))).toEqual([]);
    const deleted = only(await during(() => t.http().delete(`/v1/users/${userId}`).set('Authorization', admin).expect(200)), 'user.delete');
    expect(deleted).toMatchObject({ actor_id: adminId, target_id: userId });
  });

  it('records writers added and removed', async () => {
    const asp = await insertAspect(t);
    const added = only(
      await during(() => t.http().post(`/v1/aspects/${asp.name}/writers`).set('Authorization', u.token).send([u.user.name, other.user.name]).expect(201)),
      'writers.add',
    );
    expect(added).toMatchObject({ actor_id: u.user.id, target_type: 'Aspect', target_id: asp.id, details: { users: [u.user.name, other.user.name] } });
    const removed = only(
      await during(() => t.http().delete(`/v1/aspects/${asp.name}/writers/${other.user.name}`).set('Authorization', u.token).expect(204)),
      'writers.remove',
    );
    expect(removed).toMatchObject({ actor_id: u.user.id, target_id: asp.id, details: { users: [other.user.name] } });
    const all = only(await during(() => t.http().delete(`/v1/aspects/${asp.name}/writers`).set('Authorization', u.token).expect(204)), 'writers.remove');
    expect(all.details).toEqual({ users: [] });
  });

  it('records every use of ?override=admin, allowed or refused', async () => {
    const asp = await insertAspect(t);
    await t.http().post(`/v1/aspects/${asp.name}/writers`).set('Authorization', u.token).send([u.user.name]).expect(201);
    const used = only(
      await during(() => t.http().patch(`/v1/aspects/${asp.name}?override=admin`).set('Authorization', admin).send({ description: 'x' }).expect(200), 300),
      'override.admin',
    );
    expect(used).toMatchObject({ actor_id: adminId, outcome: 'success', target_type: 'route', target_name: `PATCH /v1/aspects/${asp.name}` });
    const refused = only(
      await during(() => t.http().patch(`/v1/aspects/${asp.name}?override=admin`).set('Authorization', other.token).send({ description: 'y' }).expect(403), 300),
      'override.admin',
    );
    expect(refused).toMatchObject({ actor_id: other.user.id, outcome: 'denied' });
    // a percent-encoded parameter name is the same parameter to the server: recorded too
    const encoded = only(
      await during(() => t.http().patch(`/v1/aspects/${asp.name}?overrid%65=admin`).set('Authorization', admin).send({ description: 'z' }).expect(200), 300),
      'override.admin',
    );
    expect(encoded).toMatchObject({ actor_id: adminId, outcome: 'success' });
  });

  it('names an actor given by id alone after that user', async () => {
    const before = await lastId();
    await t.app.get(AuditLog).record({ action: AuditAction.TokenRevoke, actor: { id: adminId }, target: { type: 'token', name: 'by id' } });
    await t.app.get(AuditLog).record({ action: AuditAction.TokenRevoke, actor: { id: null }, target: { type: 'token', name: 'nobody' } });
    const [byId, nobody] = await eventsAfter(before);
    expect(byId).toMatchObject({ actor_id: adminId, actor_name: 'admin@refocus.admin', target_name: 'by id' });
    expect(nobody).toMatchObject({ actor_id: null, actor_name: null, target_name: 'nobody' });
  });

  it('never stores a token or password', async () => {
    const all = JSON.stringify(await eventsAfter(0));
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/rfk_/);
  });
});

describe('GET /v1/auditEvents', () => {
  it('is for admins only (403 for anyone else, 401 without a token)', async () => {
    expectErrorBody(await t.http().get('/v1/auditEvents').set('Authorization', u.token), 403, 'ForbiddenError');
    expect((await t.http().get('/v1/auditEvents')).status).toBe(401);
  });

  it('lists newest first, paged with X-Total-Count, filtered by actor, action, target and time', async () => {
    const all = await t.http().get('/v1/auditEvents').set('Authorization', admin).expect(200);
    expect(Number(all.headers['x-total-count'])).toBe(all.body.length);
    const ids = all.body.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page = await t.http().get('/v1/auditEvents?limit=2&offset=1').set('Authorization', admin).expect(200);
    expect(page.body.map((e: { id: string }) => e.id)).toEqual(all.body.slice(1, 3).map((e: { id: string }) => e.id));
    expect(page.headers['x-total-count']).toBe(all.headers['x-total-count']);

    const logins = await t.http().get(`/v1/auditEvents?action=auth.login&actor=${u.user.name}`).set('Authorization', admin).expect(200);
    expect(logins.body.length).toBeGreaterThanOrEqual(2);
    for (const e of logins.body) expect(e).toMatchObject({ action: 'auth.login', actorName: u.user.name });
    const tokens = await t.http().get('/v1/auditEvents?action=token.*&target=audited&outcome=success').set('Authorization', admin).expect(200);
    expect(tokens.body.map((e: { action: string }) => e.action)).toEqual(['token.delete', 'token.restore', 'token.revoke', 'token.create']);

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await t.http().get(`/v1/auditEvents?from=${future}`).set('Authorization', admin).expect(200)).body).toEqual([]);
    const past = await t.http().get(`/v1/auditEvents?to=${future}&from=2020-01-01T00:00:00Z`).set('Authorization', admin).expect(200);
    expect(past.body.length).toBe(all.body.length);
    expectErrorBody(await t.http().get('/v1/auditEvents?from=yesterday').set('Authorization', admin), 400);
  });

  it('has no route to change or delete an event', async () => {
    const id = (await t.http().get('/v1/auditEvents?limit=1').set('Authorization', admin)).body[0].id;
    for (const r of [t.http().delete(`/v1/auditEvents/${id}`), t.http().put(`/v1/auditEvents/${id}`), t.http().delete('/v1/auditEvents')]) {
      expect([404, 405]).toContain((await r.set('Authorization', admin)).status);
    }
  });
});

describe('retention', () => {
  it('runs in one process at a time: nothing while another holds the advisory lock', async () => {
    if (t.db.embedded) return; // the embedded engine serves one connection: no second session to hold the lock
    await t.dataSource.query(`INSERT INTO audit_events (action, outcome, at) VALUES ('auth.login', 'failure', now() - interval '400 days')`);
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [RETENTION_LOCK_KEY]);
      expect(await t.app.get(RetentionJob).runOnce()).toBeNull();
      await holder.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
    } finally {
      await holder.end();
    }
    expect((await t.app.get(RetentionJob).runOnce())?.auditEvents).toBe(1);
  });

  it('prunes events older than AUDIT_RETENTION_DAYS, keeps the rest', async () => {
    await t.dataSource.query(`INSERT INTO audit_events (action, outcome, at) VALUES ('auth.login', 'failure', now() - interval '400 days')`);
    const count = async (): Promise<number> => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)) as { n: number }[])[0].n;
    const before = await count();
    const r = await t.app.get(RetentionJob).runOnce();
    expect(r?.auditEvents).toBe(1);
    expect(await count()).toBe(before - 1);
    expect(((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE at < now() - interval '365 days'`)) as { n: number }[])[0].n).toBe(0);
  });
});
