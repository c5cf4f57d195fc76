import { runCli } from '../../src/cli';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from '../support/app';
import { createUserWithToken } from '../support/identity';

describe('cli: token create, admin reset-password', () => {
  let t: TestApp;
  const cli = (...argv: string[]) => runCli(argv, t.config, t.db.url, t.db.embedded);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('token create prints only a working token for the user', async () => {
    const { user } = await createUserWithToken(t, 'operator-made');
    const out = await cli('token', 'create', '--user', 'OPERATOR-MADE', '--name', 'deploy-bot');
    expect(out).toMatch(/^rfk_[A-Za-z0-9_-]+$/);
    const res = await t.http().get('/v1/tokens').set('Authorization', out);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ name: 'deploy-bot', user: expect.objectContaining({ id: user.id }) })].concat(
      res.body.filter((r: { name: string }) => r.name !== 'deploy-bot'),
    ));
  });

  it('token create refuses an unknown user, a missing option and a duplicate name', async () => {
    await expect(cli('token', 'create', '--user', 'nobody', '--name', 'x')).rejects.toThrow(/no such user/);
    await expect(cli('token', 'create', '--user', 'admin@refocus.admin')).rejects.toThrow(/--name/);
    await cli('token', 'create', '--user', 'admin@refocus.admin', '--name', 'once');
    await expect(cli('token', 'create', '--user', 'admin@refocus.admin', '--name', 'ONCE')).rejects.toThrow();
    await expect(cli('nonsense')).rejects.toThrow(/token create/);
  });

  it('admin reset-password generates and prints a new password, or takes one', async () => {
    const signIn = (password: string) => t.http().post('/v1/authenticate').send({ username: 'admin@refocus.admin', password });
    expect((await signIn(TEST_ADMIN_PASSWORD)).status).toBe(200);
    const generated = await cli('admin', 'reset-password');
    expect(generated.length).toBeGreaterThanOrEqual(16);
    expect((await signIn(generated)).status).toBe(200);
    expect((await signIn(TEST_ADMIN_PASSWORD)).status).toBe(401);
    expect(await cli('admin', 'reset-password', '--password', TEST_ADMIN_PASSWORD)).toBe('');
    expect((await signIn(TEST_ADMIN_PASSWORD)).status).toBe(200);
    await expect(cli('admin', 'reset-password', '--password', 'short')).rejects.toThrow(/8 characters/);
  });
});
