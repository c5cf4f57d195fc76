import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
/**
 * Inside node_modules so that the compiled files resolve the project's packages; one per
 * checkout, since worktrees may share one node_modules (a run must not remove another's files).
 */
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', `refocus-bench-${createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}`);

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.spec.ts')) yield p;
  }
}

/**
 * Transpiles src/ and bench/ to JavaScript (no type-check, like `ts-node --transpile-only`), so
 * that the servers under test run as `node dist/...` would: without the TypeScript compiler in
 * their memory and their CPU profile. Returns the directory that mirrors the project.
 */
export function transpileProject(): string {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    sourceMap: false,
    inlineSourceMap: false,
    declaration: false,
    incremental: false,
    tsBuildInfoFile: undefined,
    outDir: undefined,
    noEmit: false,
  };
  rmSync(BUILD_DIR, { recursive: true, force: true });
  for (const top of ['src', 'bench']) {
    for (const file of tsFiles(join(ROOT, top))) {
      const out = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
      const target = join(BUILD_DIR, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.outputText);
    }
  }
  return BUILD_DIR;
}
