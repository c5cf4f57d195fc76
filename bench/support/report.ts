import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, availableParallelism, release, platform } from 'node:os';
import type { Figures } from './context';
import { fmtBytes, fmtInt, fmtMicros, fmtMs, fmtPct, fmtRatio } from './stats';

/** A benchmark either produced figures or says why it could not run. */
export type Outcome<F extends Figures = Figures> = { figures: F } | { skipped: string };

export interface EngineResult {
  engine: string;
  version: string;
  seconds: number;
  /** Set when the engine could not be set up at all. */
  failed?: string;
  notes: string[];
  bulk?: Outcome;
  hierarchy?: Outcome;
  aspects?: Outcome;
  live?: Outcome;
  realtime?: Outcome;
  memory?: Outcome;
}

interface Row {
  label: string;
  part: 'bulk' | 'hierarchy' | 'aspects' | 'live' | 'realtime' | 'memory';
  key: string;
  fmt: (n: number) => string;
  target?: string;
  pass?: (n: number) => boolean;
}

// Targets from issue 7 (the original measured 11,500–13,000 samples/s, we take 3 × 13,000;
// 263 requests/s with p99 360 ms; a median hierarchy of 1.34 s) and issue 19 (the server as
// `npm start` runs it, logging on, a plain-table baseline, a live scenario).
const ROWS: Row[] = [
  { part: 'bulk', key: 'apiRate', label: '1. Bulk upsert via API (samples/s)', fmt: fmtInt, target: '≥ 39,000 (3 × original)', pass: (n) => n >= 39_000 },
  { part: 'bulk', key: 'plainRate', label: '   Raw SQL unnest upsert into a plain table (rows/s)', fmt: fmtInt, target: '(the limit)' },
  { part: 'bulk', key: 'apiVsPlain', label: '   API ÷ raw SQL, plain table', fmt: fmtRatio, target: '≥ 0.50', pass: (n) => n >= 0.5 },
  { part: 'bulk', key: 'rawRate', label: '   Raw SQL unnest upsert into samples (rows/s)', fmt: fmtInt },
  { part: 'bulk', key: 'apiVsRaw', label: '   API ÷ raw SQL, same schema', fmt: fmtRatio },
  { part: 'bulk', key: 'apiSqlShare', label: '   API: share of request time in SQL', fmt: fmtPct },
  { part: 'bulk', key: 'writersRate', label: '2. Bulk upsert, write-protected aspects (samples/s)', fmt: fmtInt },
  { part: 'bulk', key: 'writersVsOpen', label: '   protected ÷ open', fmt: fmtRatio, target: '≥ 0.90', pass: (n) => n >= 0.9 },
  { part: 'hierarchy', key: 'afterUpdatesMs', label: '3. Hierarchy after 4 × 20,000 updates: median', fmt: fmtMs, target: '≤ 500 ms', pass: (n) => n <= 500 },
  { part: 'hierarchy', key: 'medianMs', label: '   after VACUUM ANALYZE: median', fmt: fmtMs, target: '≤ 300 ms', pass: (n) => n <= 300 },
  { part: 'hierarchy', key: 'p95Ms', label: '   after VACUUM ANALYZE: p95', fmt: fmtMs },
  { part: 'hierarchy', key: 'bytes', label: '   response size (JSON)', fmt: fmtBytes },
  { part: 'hierarchy', key: 'wireBytes', label: '   on the wire (Accept-Encoding: gzip, deflate, br)', fmt: fmtBytes },
  { part: 'hierarchy', key: 'samples', label: '   samples in the response', fmt: fmtInt },
  { part: 'hierarchy', key: 'sqlShare', label: '   share of request time in SQL', fmt: fmtPct },
  { part: 'aspects', key: 'appRps', label: '4. GET /v1/aspects/{name}, token, 64 conn. (req/s)', fmt: fmtInt, target: '≥ 2,630 (10 × original)', pass: (n) => n >= 2630 },
  { part: 'aspects', key: 'appP50', label: '   p50', fmt: fmtMs },
  { part: 'aspects', key: 'appP99', label: '   p99', fmt: fmtMs, target: '≤ 100 ms', pass: (n) => n <= 100 },
  { part: 'aspects', key: 'freshRps', label: '   a new server of the same build, logged (req/s)', fmt: fmtInt },
  { part: 'aspects', key: 'freshP99', label: '   a new server of the same build, logged: p99', fmt: fmtMs },
  { part: 'aspects', key: 'silentRps', label: '   a new server, LOG_LEVEL=silent (req/s)', fmt: fmtInt },
  { part: 'aspects', key: 'loggingCost', label: '   cost of request logging (1 − new logged ÷ new silent)', fmt: fmtPct, target: '≤ 10 %', pass: (n) => n <= 0.1 },
  { part: 'aspects', key: 'loggingCpuCost', label: '   the same in server CPU per request (1 − silent ÷ logged)', fmt: fmtPct },
  { part: 'aspects', key: 'historyRatio', label: '   app after the phases above ÷ new logged server', fmt: fmtRatio },
  { part: 'aspects', key: 'noguardRps', label: '   guard overridden (req/s)', fmt: fmtInt },
  { part: 'aspects', key: 'noguardP99', label: '   guard overridden p99', fmt: fmtMs },
  { part: 'aspects', key: 'rawRps', label: '   node:http + pg, same query (req/s)', fmt: fmtInt },
  { part: 'aspects', key: 'rawP99', label: '   node:http + pg p99', fmt: fmtMs },
  { part: 'aspects', key: 'guardRatio', label: '   with guard ÷ guard overridden', fmt: fmtRatio },
  { part: 'aspects', key: 'rawRatio', label: '   app ÷ node:http + pg', fmt: fmtRatio, target: '≥ 0.35', pass: (n) => n >= 0.35 },
  { part: 'live', key: 'hierarchyMs', label: '6. Live: hierarchy median while samples change', fmt: fmtMs, target: '≤ 500 ms', pass: (n) => n <= 500 },
  { part: 'live', key: 'liveVsQuiet', label: '   ÷ hierarchy after VACUUM ANALYZE (3.)', fmt: fmtRatio, target: '≤ 1.5', pass: (n) => n <= 1.5 },
  { part: 'live', key: 'liveVsPaused', label: '   ÷ hierarchy with the stream paused (same run)', fmt: fmtRatio },
  { part: 'live', key: 'getRps', label: '   GET /v1/aspects/{name}, 64 conn. (req/s)', fmt: fmtInt },
  { part: 'live', key: 'getP99', label: '   GET p99', fmt: fmtMs },
  { part: 'live', key: 'streamRate', label: '   bulk updates meanwhile (samples/s)', fmt: fmtInt },
  { part: 'memory', key: 'peakRss', label: '5. Peak RSS of the server during 1–4', fmt: fmtBytes },
  // Issue 13: 200 socket.io clients over 10 subtrees + 1 SSE client, bulk upserts at full speed.
  { part: 'realtime', key: 'eventsPerSecond', label: '7. Realtime: events delivered (per s)', fmt: fmtInt },
  { part: 'realtime', key: 'latencyP50', label: '   latency to receipt p50', fmt: fmtMs },
  { part: 'realtime', key: 'latencyP99', label: '   latency to receipt p99', fmt: fmtMs, target: '≤ 1 s', pass: (n) => n <= 1000 },
  { part: 'realtime', key: 'rateRatio', label: '   bulk rate with ÷ without subscribers', fmt: fmtRatio, target: '≥ 0.70', pass: (n) => n >= 0.7 },
  { part: 'realtime', key: 'serverCpuWith', label: '   server CPU per sample with subscribers', fmt: fmtMicros },
  { part: 'realtime', key: 'serverCpuWithout', label: '   server CPU per sample without', fmt: fmtMicros },
  { part: 'realtime', key: 'feedCpuPerEvent', label: '   server CPU per delivered event ((with − without) ÷ events)', fmt: fmtMicros },
  { part: 'realtime', key: 'clientsCpu', label: '   subscribers\' CPU per sample (their process)', fmt: fmtMicros },
  { part: 'realtime', key: 'bytesPerEvent', label: '   socket.io event data per event (bytes)', fmt: fmtInt },
  { part: 'realtime', key: 'peakRss', label: '   server peak RSS meanwhile', fmt: fmtBytes, target: 'bounded (reported)' },
  { part: 'realtime', key: 'pacedRate', label: '   paced phase: bulk rate asked of the API (samples/s)', fmt: fmtInt, target: '(BENCH_RT_RATE)' },
  { part: 'realtime', key: 'pacedP50', label: '   paced: latency to receipt p50', fmt: fmtMs },
  { part: 'realtime', key: 'pacedP99', label: '   paced: latency to receipt p99', fmt: fmtMs, target: '≤ 1 s', pass: (n) => n <= 1000 },
  { part: 'realtime', key: 'pacedServerCpu', label: '   paced: server CPU per sample', fmt: fmtMicros },
  { part: 'realtime', key: 'pacedServerCpuAlone', label: '   paced: server CPU per sample, same round without subscribers', fmt: fmtMicros },
  { part: 'realtime', key: 'pacedServerCpuPerEvent', label: '   paced: server CPU per delivered event ((with − without) ÷ events)', fmt: fmtMicros },
  { part: 'realtime', key: 'pacedClientsCpu', label: '   paced: subscribers\' CPU per sample', fmt: fmtMicros },
  { part: 'realtime', key: 'twoP50', label: '   two processes (Redis), paced: latency p50', fmt: fmtMs },
  { part: 'realtime', key: 'twoP99', label: '   two processes (Redis), paced: latency p99', fmt: fmtMs, target: '≤ 1 s', pass: (n) => n <= 1000 },
  { part: 'realtime', key: 'twoWriterCpu', label: '   two processes: writer CPU per sample', fmt: fmtMicros },
  { part: 'realtime', key: 'twoReaderCpu', label: '   two processes: reader CPU per sample', fmt: fmtMicros },
];

function cell(result: EngineResult, row: Row): string {
  if (result.failed) return 'skipped';
  const outcome = result[row.part];
  if (!outcome) return '–';
  if ('skipped' in outcome) return 'skipped';
  const v = outcome.figures[row.key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  const mark = row.pass ? (row.pass(v) ? ' ✓' : ' ✗') : '';
  return `${row.fmt(v)}${mark}`;
}

/** The results as one Markdown table (rows: measurements; columns: engines), plus skip reasons. */
export function resultsTable(results: EngineResult[]): string {
  const header = ['Measurement', ...results.map((r) => r.version), 'Target'];
  const body = ROWS.map((row) => [row.label, ...results.map((r) => cell(r, row)), row.target ?? '']);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((l) => [...l[i]].length)));
  const line = (l: string[]) => `| ${l.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  const text = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  const reasons: string[] = [];
  for (const r of results) {
    if (r.failed) reasons.push(`- ${r.version}: skipped: ${r.failed}`);
    for (const part of ['bulk', 'hierarchy', 'aspects', 'live', 'realtime', 'memory'] as const) {
      const o = r[part];
      if (o && 'skipped' in o) reasons.push(`- ${r.version}, ${part}: skipped: ${o.skipped}`);
    }
  }
  return [...text, ...(reasons.length ? ['', ...reasons] : [])].join('\n');
}

export interface Machine {
  date: string;
  commit: string;
  cpu: string;
  nproc: number;
  memory: string;
  os: string;
  node: string;
}

export function machine(): Machine {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    /* not a git checkout */
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    nproc: availableParallelism(),
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

const START = '<!-- bench:start (generated by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/** Replaces the generated section of docs/PERFORMANCE.md (creating the file if needed). */
export function writePerformanceDoc(file: string, generated: string): void {
  const block = `${START}\n${generated.trim()}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : `# Performance\n\n${START}\n${END}\n`;
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
