import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from '../support/app';
import { adminToken, createUserWithToken, TEST_USER_PASSWORD, TestUser } from '../support/identity';
import { makeTree } from '../support/perspective-tree';

function csrfOf(text: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(text);
  if (!m) throw new Error('no CSRF field in the page');
  return m[1];
}

describe('perspective pages: redirects, the form, writers-only edit, the data and the lens frame', () => {
  let t: TestApp;
  let u: TestUser;
  let other: TestUser;
  let admin: string;
  let builtinLensId: string;
  const perspectiveCount = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM perspectives'))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    u = await createUserWithToken(t);
    other = await createUserWithToken(t);
    admin = await adminToken(t);
    await makeTree(t, u.token, 'Fleet');
    const lens = await t.http().get('/v1/lenses/RefocusStatusTree').set('Authorization', u.token);
    expect(lens.status).toBe(200);
    builtinLensId = lens.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function signIn(username: string, password = TEST_USER_PASSWORD): Promise<TestAgent> {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username, password, _csrf: csrfOf(form.text), ru: '/perspectives' });
    expect(res.status).toBe(303);
    return agent;
  }

  const formBody = (extra: Record<string, string> = {}): Record<string, string> => ({
    name: 'Fleet_All', rootSubject: 'Fleet', lensId: builtinLensId,
    aspectFilter: '', aspectFilterType: 'EXCLUDE', aspectTagFilter: '', aspectTagFilterType: 'EXCLUDE',
    subjectTagFilter: '', subjectTagFilterType: 'EXCLUDE', statusFilter: '', statusFilterType: 'EXCLUDE', ...extra,
  });

  async function postForm(agent: TestAgent, path: string, body: Record<string, string>) {
    const page = await agent.get(path.endsWith('/edit') ? path : '/perspectives/new');
    return agent.post(path).type('form').send({ ...body, _csrf: csrfOf(page.text) });
  }

  it('publishes the built-in lens at first start', async () => {
    const res = await t.http().get(`/v1/lenses/${builtinLensId}`).set('Authorization', u.token);
    expect(res.body).toMatchObject({ name: 'RefocusStatusTree', isPublished: true });
    expect(Object.keys(res.body.library).sort()).toEqual(['lens.css', 'lens.js', 'lens.json']);
  });

  it('sends / to /perspectives and a signed-out visitor to /login', async () => {
    expect((await t.http().get('/')).headers.location).toBe('/perspectives');
    expect((await t.http().get('/perspectives')).headers.location).toBe('/login?ru=/perspectives');
    expect((await t.http().get('/perspectives/Whatever')).headers.location).toBe('/login?ru=/perspectives/Whatever');
    expect((await t.http().get('/perspectives/new')).headers.location).toBe('/login?ru=/perspectives/new');
    const data = await t.http().get('/perspectives/Whatever/hierarchy');
    expect(data.status).toBe(401);
    expect(data.body.errors[0].type).toBe('AuthenticationError');
  });

  it('offers a form when there is no perspective, with the built-in lens to choose and the nav bar', async () => {
    const agent = await signIn(u.user.name);
    const res = await agent.get('/perspectives');
    expect(res.status).toBe(200);
    expect(res.text).toContain('There is no perspective yet');
    expect(res.text).toContain(`<option value="${builtinLensId}" selected>RefocusStatusTree</option>`);
    expect(res.text).toMatch(/<a href="\/perspectives">Perspectives<\/a><a href="\/tokens">Tokens<\/a><a href="\/v1\/docs">API docs<\/a>/);
  });

  it('creates a perspective from the form; errors are shown in the form and nothing is written', async () => {
    const agent = await signIn(u.user.name);
    const before = await perspectiveCount();
    const forged = await agent.post('/perspectives/new').type('form').send(formBody());
    expect(forged.status).toBe(403);
    const empty = await postForm(agent, '/perspectives/new', formBody({ name: '' }));
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter a name for the perspective.');
    const badFilter = await postForm(agent, '/perspectives/new', formBody({ aspectFilter: 'cpu, no spaces allowed' }));
    expect(badFilter.status).toBe(400);
    expect(badFilter.text).toContain('class="alert error"');
    expect(badFilter.text).toContain('value="cpu, no spaces allowed"');
    expect(badFilter.headers['content-type']).toMatch(/text\/html/);
    expect(await perspectiveCount()).toBe(before);

    const created = await postForm(agent, '/perspectives/new', formBody({ statusFilter: 'critical', statusFilterType: 'EXCLUDE' }));
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/perspectives/Fleet_All');
    const stored = await t.http().get('/v1/perspectives/Fleet_All').set('Authorization', u.token);
    expect(stored.body).toMatchObject({ rootSubject: 'Fleet', statusFilter: ['Critical'], statusFilterType: 'EXCLUDE' });

    const dup = await postForm(agent, '/perspectives/new', formBody({ name: 'fleet_all' }));
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('exists already');
  });

  it('redirects /perspectives to DEFAULT_PERSPECTIVE when set and existing, else to the first by name; ?p= picks', async () => {
    const agent = await signIn(u.user.name);
    expect((await postForm(agent, '/perspectives/new', formBody({ name: 'AAA_First' }))).status).toBe(303);
    expect((await agent.get('/perspectives')).headers.location).toBe('/perspectives/AAA_First');
    await t.http().post('/v1/globalconfig').set('Authorization', admin).send({ key: 'DEFAULT_PERSPECTIVE', value: 'fleet_all' }).expect(201);
    expect((await agent.get('/perspectives')).headers.location).toBe('/perspectives/Fleet_All');
    await t.http().patch('/v1/globalconfig/DEFAULT_PERSPECTIVE').set('Authorization', admin).send({ value: 'Gone' }).expect(200);
    expect((await agent.get('/perspectives')).headers.location).toBe('/perspectives/AAA_First');
    expect((await agent.get('/perspectives?p=Fleet_All')).headers.location).toBe('/perspectives/Fleet_All');
  });

  it('renders the perspective page with the picker, the live indicator, the frame holder and a strict CSP', async () => {
    const agent = await signIn(u.user.name);
    const res = await agent.get('/perspectives/fleet_all');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-name="Fleet_All"');
    expect(res.text).toContain('id="live-state"');
    expect(res.text).toContain('<option value="AAA_First">AAA_First</option>');
    expect(res.text).toContain('href="/perspectives/Fleet_All/edit"');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect((await agent.get('/perspectives/NoSuchOne')).status).toBe(404);
  });

  it('lets only writers edit: others get no edit link and a 403, and nothing changes', async () => {
    await t.http().post('/v1/perspectives/Fleet_All/writers').set('Authorization', u.token).send([u.user.name]).expect(201);
    const stranger = await signIn(other.user.name);
    const page = await stranger.get('/perspectives/Fleet_All');
    expect(page.text).not.toContain('/edit"');
    expect((await stranger.get('/perspectives/Fleet_All/edit')).status).toBe(403);
    const anyPage = await stranger.get('/perspectives/new');
    const post = await stranger.post('/perspectives/Fleet_All/edit').type('form').send({ ...formBody({ rootSubject: 'Other' }), _csrf: csrfOf(anyPage.text) });
    expect(post.status).toBe(403);
    const stored = await t.http().get('/v1/perspectives/Fleet_All').set('Authorization', u.token);
    expect(stored.body.rootSubject).toBe('Fleet');

    const writer = await signIn(u.user.name);
    const edited = await postForm(writer, '/perspectives/Fleet_All/edit', formBody({ aspectFilter: 'FleetCpu', aspectFilterType: 'INCLUDE' }));
    expect(edited.status).toBe(303);
    const after = await t.http().get('/v1/perspectives/Fleet_All').set('Authorization', u.token);
    expect(after.body).toMatchObject({ aspectFilter: ['FleetCpu'], aspectFilterType: 'INCLUDE' });
  });

  it('serves the hierarchy with the perspective filters, the aspects they keep, and the lens library', async () => {
    const agent = await signIn(u.user.name);
    const res = await agent.get('/perspectives/Fleet_All/hierarchy').set('Accept-Encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.body.hierarchy.absolutePath).toBe('Fleet');
    const names = res.body.hierarchy.children.flatMap((c: { samples: { name: string }[] }) => c.samples.map((s) => s.name)).sort();
    expect(names).toEqual(['Fleet.A|FleetCpu', 'Fleet.B|FleetCpu']);
    expect(res.body.aspects.map((a: { name: string }) => a.name)).toEqual(['FleetCpu']);
    const lens = await agent.get('/perspectives/Fleet_All/lens');
    expect(lens.body).toMatchObject({ name: 'RefocusStatusTree', lensEventApiVersion: 1, realtimeEventThrottleMs: 250 });
    expect(lens.body.library['lens.js']).toContain('refocus.lens.hierarchyLoad');
  });

  it('serves the lens frame to anyone, sandboxed, without network access, framable by our pages only', async () => {
    const res = await t.http().get('/lens-frame?showAll=true');
    expect(res.status).toBe(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/^sandbox allow-scripts;/);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('<div id="lens"></div>');
    expect(res.text).not.toContain('showAll');
    const io = await t.http().get('/assets/socket.io.min.js');
    expect(io.status).toBe(200);
    expect(io.headers['content-type']).toMatch(/javascript/);
  });

  it('lets the admin sign in too (the first admin owns the built-in lens)', async () => {
    const agent = await signIn('admin@refocus.admin', TEST_ADMIN_PASSWORD);
    expect((await agent.get('/perspectives')).status).toBe(302);
  });
});
