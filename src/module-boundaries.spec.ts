import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The module boundaries of docs/DESIGN.md ("Layout"), checked on every import under src/:
 * - common/ imports only itself and the infrastructure below it (config/, database/, metrics/);
 * - no module imports another module's helpers/ or dto/: what is shared lives in common/, what
 *   a module offers the others sits at its top level. The server-rendered pages (web/) and the
 *   CLI call services with those services' request DTOs, so they may import a module's dto/.
 */
const SRC = resolve(__dirname);
const INFRASTRUCTURE = ['common', 'config', 'database', 'metrics'];

/**
 * Known crossings left, each in code another change is rewriting at the time of writing (issue
 * 11). "importer → imported", paths under src/ without `.ts`.
 */
const KNOWN: readonly string[] = [];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every relative import of every source file, as `importer → imported` (paths under src/, no extension). */
function imports(): { from: string; to: string }[] {
  const found: { from: string; to: string }[] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g)) {
      const to = relative(SRC, resolve(dirname(file), m[1])).split(sep).join('/');
      if (to.startsWith('..')) continue; // outside src/
      found.push({ from: relative(SRC, file).split(sep).join('/').replace(/\.ts$/, ''), to });
    }
  }
  return found;
}

export function boundaryViolations(edges: readonly { from: string; to: string }[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const [fromModule] = from.split('/');
    const [toModule, ...rest] = to.split('/');
    if (fromModule === toModule) continue;
    const edge = `${from} → ${to}`;
    if (fromModule === 'common' && !INFRASTRUCTURE.includes(toModule)) out.push(`${edge}: common/ imports only ${INFRASTRUCTURE.join(', ')}`);
    if (toModule === 'common') continue; // common's dto/ and helpers are everyone's
    const inner = rest.slice(0, -1);
    const client = fromModule === 'web' || /^cli/.test(fromModule);
    if (inner.includes('helpers') || (inner.includes('dto') && !client)) out.push(`${edge}: another module's ${inner.includes('helpers') ? 'helpers' : 'dto'}/`);
  }
  return out.filter((v) => !KNOWN.some((k) => v.startsWith(`${k}:`)));
}

describe('module boundaries', () => {
  const edges = imports();

  it('finds the imports it checks', () => {
    expect(edges.some((e) => e.from === 'app.module' && e.to === 'subjects/subjects.module')).toBe(true);
  });

  it('holds for every import under src/', () => {
    expect(boundaryViolations(edges)).toEqual([]);
  });

  it('lists no crossing that no longer exists', () => {
    const present = new Set(edges.map((e) => `${e.from} → ${e.to}`));
    expect(KNOWN.filter((k) => !present.has(k))).toEqual([]);
  });

  it('refuses common/ importing a feature, and a feature importing another one\'s helpers or dto', () => {
    expect(
      boundaryViolations([
        { from: 'common/x', to: 'subjects/subjects.repository' },
        { from: 'lenses/lenses.controller', to: 'perspectives/helpers/list-params' },
        { from: 'lenses/dto/lens.dto', to: 'perspectives/dto/perspective-response.dto' },
        { from: 'common/x', to: 'config/app-config' },
        { from: 'web/perspectives/form', to: 'perspectives/dto/perspective-body.dto' },
        { from: 'realtime/feed/x', to: 'subjects/subject.presenter' },
        { from: 'subjects/dto/subject-body.dto', to: 'common/dto/described-record.dto' },
      ]),
    ).toEqual([
      'common/x → subjects/subjects.repository: common/ imports only common, config, database, metrics',
      "lenses/lenses.controller → perspectives/helpers/list-params: another module's helpers/",
      "lenses/dto/lens.dto → perspectives/dto/perspective-response.dto: another module's dto/",
    ]);
  });
});
