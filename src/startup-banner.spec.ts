import type { LoggerService } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { bannerLines, quietStartupLogger } from './startup-banner';

function config(over: Partial<AppConfig>): AppConfig {
  return Object.assign(new AppConfig(), { port: 3000, dataDir: './data', ...over });
}

describe('start-up banner', () => {
  it('gives the URL, /login with the admin and its generated password, the docs, database and data directory', () => {
    const text = bannerLines(config({}), 'S3cr3t-generated').join('\n');
    expect(text).toContain('http://localhost:3000');
    expect(text).toMatch(/http:\/\/localhost:3000\/login .*admin@refocus\.admin \/ S3cr3t-generated/);
    expect(text).toContain('http://localhost:3000/v1/docs');
    expect(text).toContain('embedded PostgreSQL (PGlite), data in ./data');
    expect(text).toContain('Data dir:  ./data');
  });

  it('shows no password after the first start, and never the database password', () => {
    const text = bannerLines(config({ port: 8080, databaseUrl: 'postgres://rf:hunter2@db.example:5433/refocus' })).join('\n');
    expect(text).toContain('http://localhost:8080/login');
    expect(text).toContain('PostgreSQL at db.example:5433/refocus');
    expect(text).not.toContain('hunter2');
    expect(text).toMatch(/ADMIN_PASSWORD/);
  });
});

describe('quietStartupLogger', () => {
  it("sends Nest's module and route-mapping lines to debug, everything else through unchanged", () => {
    const calls: string[] = [];
    const inner: LoggerService = {
      log: (m: string, ctx: string) => calls.push(`log ${ctx} ${m}`),
      debug: (m: string, ctx: string) => calls.push(`debug ${ctx} ${m}`),
      warn: (m: string, ctx: string) => calls.push(`warn ${ctx} ${m}`),
      error: (m: string) => calls.push(`error ${m}`),
    };
    const quiet = quietStartupLogger(inner);
    quiet.log('Mapped {/v1/subjects, GET} route', 'RouterExplorer');
    quiet.log('SubjectsModule dependencies initialized', 'InstanceLoader');
    quiet.log('Refocus API ready at http://localhost:3000', 'Refocus');
    quiet.warn('careful', 'IdentitySeeder');
    expect(calls).toEqual([
      'debug RouterExplorer Mapped {/v1/subjects, GET} route',
      'debug InstanceLoader SubjectsModule dependencies initialized',
      'log Refocus Refocus API ready at http://localhost:3000',
      'warn IdentitySeeder careful',
    ]);
  });
});
