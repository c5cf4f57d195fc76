import type { Response } from 'express';

/**
 * Starts a Server-Sent Events response: status 200, `text/event-stream`, no caching and no
 * transformation (so the compression middleware leaves it alone and each event goes out at
 * once), headers flushed and a first comment written. Returns the function that ends it (once).
 * For every SSE route (the live feed, the room page).
 */
export function startEventStream(res: Response): () => void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(': connected\n\n');
  res.socket?.setNoDelay(true);
  return () => {
    if (!res.writableEnded) res.end();
  };
}
