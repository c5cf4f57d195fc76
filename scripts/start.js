#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- plain CommonJS for Node, run before any build */
// `npm start`: builds dist/ only when a source is newer than the last build, then runs the server
// in this same process. A warm restart skips the ~40 s TypeScript build altogether.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'main.js');
/** What the build reads: a change to any of these (or a file added or removed in src/) means rebuild. */
const INPUTS = ['src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

/** The newest modification time under `p` (directories count too: removing a file changes its directory). */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

/** Why a build is needed, or undefined when dist/ is up to date. */
function staleReason() {
  if (!fs.existsSync(entry)) return 'no build in dist/ yet';
  const built = fs.statSync(entry).mtimeMs;
  const changed = INPUTS.map((p) => path.join(root, p)).find((p) => newestMtime(p) > built);
  return changed ? `${path.relative(root, changed)} changed since the last build` : undefined;
}

const force = process.argv.includes('--build');
const reason = force ? 'asked with --build' : staleReason();
if (reason) {
  process.stdout.write(`npm start: building dist/ (${reason}); this takes about 40 s…\n`);
  const started = Date.now();
  const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('npm start: the build failed (see above); not starting.\n');
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`npm start: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} else {
  process.stdout.write('npm start: sources unchanged since the last build: starting from dist/ (npm start -- --build forces a build)\n');
}
require(entry);
