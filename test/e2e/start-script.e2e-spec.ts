import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// scripts/start.js in a scratch copy of the layout it expects, with a stand-in `nest build` that
// counts its runs and writes dist/src/main.js: the logic (build only when a source changed) is
// checked in milliseconds, without compiling the project.

describe('npm start (scripts/start.js)', () => {
  let root: string;
  const run = (...args: string[]) => execFileSync(process.execPath, [join(root, 'scripts', 'start.js'), ...args], { cwd: root, encoding: 'utf8' });
  const builds = () => Number(readFileSync(join(root, 'builds'), 'utf8'));
  const touch = (file: string, secondsFromNow: number) => {
    const t = new Date(Date.now() + secondsFromNow * 1000);
    utimesSync(join(root, file), t, t);
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'start-script-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(__dirname, '..', '..', 'scripts', 'start.js'), join(root, 'scripts', 'start.js'));
    mkdirSync(join(root, 'src', 'web'), { recursive: true });
    writeFileSync(join(root, 'src', 'main.ts'), '');
    writeFileSync(join(root, 'builds'), '0');
    const bin = join(root, 'node_modules', '@nestjs', 'cli', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'nest.js'),
      `const fs = require('fs'); const p = require('path'); const r = process.cwd();
       fs.writeFileSync(p.join(r, 'builds'), String(Number(fs.readFileSync(p.join(r, 'builds'), 'utf8')) + 1));
       fs.mkdirSync(p.join(r, 'dist', 'src'), { recursive: true });
       fs.writeFileSync(p.join(r, 'dist', 'src', 'main.js'), "console.log('server started')");`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no dist/ yet, and says why', () => {
    const out = run();
    expect(out).toMatch(/building dist\/ \(no build in dist\/ yet\)/);
    expect(out).toContain('server started');
    expect(builds()).toBe(1);
  });

  it('starts from dist/ without building when no source changed, and says so', () => {
    touch('src/main.ts', -60);
    touch('src/web', -60);
    touch('src', -60);
    const out = run();
    expect(out).toMatch(/sources unchanged since the last build: starting from dist\//);
    expect(out).toContain('server started');
    expect(builds()).toBe(1);
  });

  it('builds again after a source changes, a file is added, or when asked', () => {
    touch('src/main.ts', 60);
    expect(run()).toMatch(/building dist\/ \(src changed since the last build\)/);
    expect(builds()).toBe(2);
    writeFileSync(join(root, 'src', 'web', 'new.ts'), '');
    touch('src/web/new.ts', 120);
    run();
    expect(builds()).toBe(3);
    expect(run('--build')).toMatch(/asked with --build/);
    expect(builds()).toBe(4);
    for (const f of ['src/main.ts', 'src/web/new.ts', 'src/web', 'src']) touch(f, -60);
    expect(run()).toMatch(/starting from dist\//);
    expect(builds()).toBe(4);
  });
});
