/**
 * Preloaded (`node -r`) into the production server (`dist/src/main.js`, exactly as `npm start`
 * runs it): the bench's instrumentation (instrument.ts) before the app loads `pg`, then "ready"
 * once GET /v1/health answers on PORT. Stopping sends the process SIGTERM, which main.ts handles
 * (in-flight requests finish, then it exits).
 */
import { announceFailure, announceReady } from './child';
import { serveBenchRequests } from './instrument';

const port = Number(process.env.PORT);
const stop = async () => {
  process.kill(process.pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 10_000));
};
serveBenchRequests(stop);
process.on('disconnect', () => void stop());

async function waitReady(): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${port}/v1/health`).then((r) => r.ok, () => false);
    if (ok) return announceReady({ port });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer GET /v1/health on port ${port}`);
}
waitReady().catch(announceFailure);
