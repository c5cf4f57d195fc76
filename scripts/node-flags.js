/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- plain CommonJS, read by the tests and the benchmarks */
// The node flags the server runs with, in one place: package.json's `start` script carries them
// (`node <flags> scripts/start.js`), the Dockerfile's CMD repeats them (a test checks that both
// agree) and the benchmarks start every server with them, so that they measure what `npm start`
// runs. Why these flags: docs/DECISIONS.md ("The server's node flags").
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The `--flags` between `node` and `scripts/start.js` in package.json's start script. */
function serverNodeFlags() {
  const start = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).scripts.start;
  const match = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+scripts\/start\.js$/.exec(start.trim());
  if (!match) throw new Error(`package.json's start script is not "node [--flags] scripts/start.js": ${start}`);
  return match[1].trim().split(/\s+/).filter(Boolean);
}

module.exports = { serverNodeFlags };
