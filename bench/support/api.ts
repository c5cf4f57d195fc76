/** A small HTTP client for the API under test (seeding and latency samples; load uses autocannon). */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  bytes: number;
  ms: number;
}

export class Api {
  constructor(
    readonly base: string,
    public token?: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = this.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const t0 = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - t0;
    let parsed: unknown = undefined;
    if (buf.length) {
      try {
        parsed = JSON.parse(buf.toString('utf8'));
      } catch {
        parsed = buf.toString('utf8');
      }
    }
    return { status: res.status, body: parsed as T, bytes: buf.length, ms };
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.call<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.call<T>('POST', path, body);
  }
}

/** Thrown when a route a benchmark needs is missing or refuses: that benchmark is skipped. */
export class SkipBenchmark extends Error {}

export function expectOk<T>(res: ApiResponse<T>, what: string): ApiResponse<T> {
  if (res.status >= 200 && res.status < 300) return res;
  const detail = typeof res.body === 'object' ? JSON.stringify(res.body).slice(0, 200) : String(res.body).slice(0, 200);
  throw new SkipBenchmark(`${what} answered ${res.status} ${detail}`);
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function inParallel<I>(items: I[], limit: number, fn: (item: I, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
