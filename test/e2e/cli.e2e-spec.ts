import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli';
import { createTestApp, TEST_ADMIN_PASSWORD, TestApp } from '../support/app';
import { createUserWithToken } from '../support/identity';
import { insertAspect, insertSubject } from '../support/records';

describe('cli: token create, list, revoke; sample upsert; admin reset-password; --help', () => {
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

  // issue 17: token list / revoke, sample upsert, --help
  it('token list shows every token without a secret, or one user\'s', async () => {
    const u = await createUserWithToken(t, 'cli-lister');
    const all = await cli('token', 'list');
    expect(all.split('\n')[0]).toBe('NAME\tUSER\tCREATED\tLAST USED\tEXPIRES\tREVOKED');
    expect(all).toMatch(/\tcli-lister\t/);
    expect(all).not.toContain(u.token.slice(4, 16));
    const one = (await cli('token', 'list', '--user', 'CLI-LISTER')).split('\n');
    expect(one.length).toBe(2);
    expect(one[1].split('\t')[1]).toBe('cli-lister');
    await expect(cli('token', 'list', '--user', 'nobody-here')).rejects.toThrow(/no such user/);
  });

  it('token revoke stops the token on the next request', async () => {
    const u = await createUserWithToken(t, 'cli-revoked');
    const name = (await t.http().get('/v1/tokens').set('Authorization', u.token)).body[0].name as string;
    expect(await cli('token', 'revoke', '--user', 'cli-revoked', '--name', name)).toContain(`Revoked the token "${name}"`);
    // the server hears of the CLI's change by LISTEN/NOTIFY, which the embedded engine has not
    // (and there the CLI cannot run beside a server anyway: one process per DATA_DIR)
    if (!t.db.embedded) expect((await t.http().get('/v1/tokens').set('Authorization', u.token)).status).toBe(401);
    expect(await cli('token', 'list', '--user', 'cli-revoked')).toMatch(/\tyes \(/);
    await expect(cli('token', 'revoke', '--user', 'cli-revoked')).rejects.toThrow(/--name/);
  });

  it('sample upsert writes through the API rules and prints the sample', async () => {
    const s = await insertSubject(t);
    const a = await insertAspect(t);
    const out = JSON.parse(await cli('sample', 'upsert', '--name', `${s.path}|${a.name}`, '--value', '1', '--message-code', 'M1')) as Record<string, unknown>;
    expect(out).toMatchObject({ name: `${s.path}|${a.name}`, value: '1', messageCode: 'M1' });
    const res = await t.http().get(`/v1/samples/${encodeURIComponent(`${s.path}|${a.name}`)}`).set('Authorization', (await createUserWithToken(t)).token);
    expect(res.body.value).toBe('1');
    await expect(cli('sample', 'upsert', '--name', `${s.path}|NoSuchAspect`, '--value', '1')).rejects.toThrow(/not found/i);
    await expect(cli('sample', 'upsert', '--name', `${s.path}|${a.name}`, '--value', '1', '--message-code', 'way-too-long-code')).rejects.toThrow();
  });

  // a child process: only in the PostgreSQL pass (see the README's test section)
  (process.env.TEST_DATABASE_URL ? it : it.skip)('--help prints the usage on stdout and exits 0; an unknown command exits 64', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', '..', 'src', 'cli.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('npm run -s cli');
    expect(help.stdout).toContain('token revoke');
    const bad = run('frobnicate');
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('Unknown command: frobnicate');
  });
});
