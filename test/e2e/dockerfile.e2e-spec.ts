import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { serverNodeFlags } from '../../scripts/node-flags';
import { createTestApp, TestApp } from '../support/app';

// Issue 17: the Dockerfile checked as far as a machine without a Docker engine allows: the base
// image, the build context .dockerignore leaves (no node_modules, data/secret.key or .git), every
// COPY source present in it, local packages copied before `npm ci`, telemetry off, an
// unprivileged user, and the HEALTHCHECK command run for real against a live server.

const ROOT = join(__dirname, '..', '..');

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** The Dockerfile's instructions (continuations joined, comments dropped), with their stage index. */
function instructions(): Instruction[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\r?\n\s*/g, ' ');
  let stage = -1;
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      if (op.toUpperCase() === 'FROM') stage++;
      return { op: op.toUpperCase(), args: rest.join(' '), stage };
    });
}

/** .dockerignore patterns as regular expressions over context-relative paths (Go filepath.Match, plus **). */
function ignorePatterns(): RegExp[] {
  return readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((p) => {
      const body = p
        .replace(/^\/+|\/+$/g, '')
        .split('**')
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
        .join('.*');
      return new RegExp(`^${body}$`);
    });
}

/** Every file Docker would send as the build context. */
function contextFiles(): string[] {
  const patterns = ignorePatterns();
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = relative(ROOT, join(dir, entry.name));
      if (patterns.some((re) => re.test(rel))) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else out.push(rel);
    }
  };
  walk(ROOT);
  return out;
}

describe('Dockerfile (checked without a Docker engine)', () => {
  const ins = instructions();
  const stages = Math.max(...ins.map((i) => i.stage)) + 1;
  const final = ins.filter((i) => i.stage === stages - 1);

  it('builds on a maintained Node LTS image (22 or later, even major)', () => {
    const froms = ins.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]);
    expect(froms.length).toBe(2);
    for (const image of froms) {
      const major = Number(/^node:(\d+)/.exec(image)?.[1]);
      expect({ image, lts: major >= 22 && major % 2 === 0 }).toEqual({ image, lts: true });
    }
  });

  it('sends a build context without dependencies, builds, data (secret.key), git history or local settings', () => {
    const files = contextFiles();
    const bad = files.filter((f) => /^(node_modules|dist|data|\.git|coverage)(\/|$)|(^|\/)secret\.key$|(^|\/)\.env(\.|$)/.test(f));
    expect(bad).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src/main.ts', 'tsconfig.build.json']));
  });

  it('copies only what the context has, and local packages before npm ci', () => {
    const files = contextFiles();
    const copies = ins.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'));
    for (const c of copies) {
      const sources = c.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const s of sources) expect({ source: s, inContext: files.some((f) => f === s || f.startsWith(`${s.replace(/\/$/, '')}/`)) }).toEqual({ source: s, inContext: true });
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    const local = [pkg.dependencies, pkg.devDependencies, pkg.overrides]
      .flatMap((deps) => Object.values(deps ?? {}))
      .filter((v): v is string => typeof v === 'string' && v.startsWith('file:'))
      .map((v) => v.slice('file:'.length).replace(/^\.\//, ''));
    const npmCi = ins.findIndex((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(npmCi).toBeGreaterThan(0);
    const copiedBefore = ins.slice(0, npmCi).filter((i) => i.op === 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const path of local) expect({ path, copiedBeforeNpmCi: copiedBefore.some((s) => path === s || path.startsWith(`${s.replace(/\/$/, '')}/`)) }).toEqual({ path, copiedBeforeNpmCi: true });
  });

  it('turns the @scarf/scarf telemetry off where packages are installed and where the server runs', () => {
    const npmCi = ins.findIndex((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    const envBefore = ins.slice(0, npmCi).filter((i) => i.op === 'ENV' && i.stage === ins[npmCi].stage);
    expect(envBefore.some((i) => /\bSCARF_ANALYTICS=false\b/.test(i.args))).toBe(true);
    expect(final.some((i) => i.op === 'ENV' && /\bSCARF_ANALYTICS=false\b/.test(i.args))).toBe(true);
  });

  it('builds with the project\'s build script and runs what it produces, with npm start\'s node flags, as an unprivileged user', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(ins.some((i) => i.op === 'RUN' && /\bnpm run build\b/.test(i.args))).toBe(true);
    expect(pkg.scripts.build).toBeDefined();
    const cmd = JSON.parse(final.find((i) => i.op === 'CMD')!.args) as string[];
    // the same node flags as `npm start` (package.json's start script: node <flags> scripts/start.js)
    const flags = serverNodeFlags();
    expect(flags).toContain('--max-semi-space-size=64');
    expect(cmd).toEqual(['node', ...flags, 'dist/src/main.js']);
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true); // nest build: src/main.ts → dist/src/main.js
    const user = final.filter((i) => i.op === 'USER').pop()?.args;
    expect(user && !/^(root|0)$/.test(user)).toBe(true);
  });

  describe('HEALTHCHECK', () => {
    const health = final.find((i) => i.op === 'HEALTHCHECK');
    const cmd = health ? (JSON.parse(health.args.slice(health.args.indexOf('CMD') + 3).trim()) as string[]) : [];

    it('is declared, with node (the image has no curl), against /v1/health', () => {
      expect(health).toBeDefined();
      expect(cmd[0]).toBe('node');
      expect(cmd.join(' ')).toContain('/v1/health');
      expect(health!.args).toMatch(/--start-period=\d+s/);
    });

    // a child process per run: only in the PostgreSQL pass
    (process.env.TEST_DATABASE_URL ? describe : describe.skip)('run for real', () => {
      let t: TestApp;
      let port: number;
      beforeAll(async () => {
        t = await createTestApp();
        await t.app.listen(0, '127.0.0.1');
        port = (t.app.getHttpServer().address() as AddressInfo).port;
      });
      afterAll(async () => {
        await t?.close();
      });
      // asynchronous: the server answering it lives in this very process
      const run = (p: number) =>
        new Promise<number | null>((done) => {
          const child = execFile(cmd[0] === 'node' ? process.execPath : cmd[0], cmd.slice(1), { env: { ...process.env, PORT: String(p) }, timeout: 20_000 });
          child.on('exit', (code) => done(code));
        });

      it('exits 0 while the server answers, 1 when nothing listens', async () => {
        expect(await run(port)).toBe(0);
        expect(await run(1)).toBe(1);
      });
    });
  });
});
