import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** CONTRACT §1: a bad value stops start-up with one message naming every bad variable. */
describe('start-up with bad configuration', () => {
  it('exits non-zero with one message naming every bad variable and echoing no secret', () => {
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, PORT: 'eighty', CORS_ROUTES: 'v1/bots', LOG_LEVEL: 'chatty', SECRET_KEY: 'too-short-secret', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const name of ['PORT', 'CORS_ROUTES', 'LOG_LEVEL', 'SECRET_KEY']) expect(lines[0]).toContain(name);
    expect(run.stderr + run.stdout).not.toContain('too-short-secret');
  });
});
