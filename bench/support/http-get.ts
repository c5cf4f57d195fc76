import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { now } from './stats';

/** What a browser sends (the hierarchy is measured as a browser or a lens asks for it). */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br';

export interface EncodedResponse {
  status: number;
  /** Until the last byte arrived (decoding not included). */
  ms: number;
  encoding: string;
  wireBytes: number;
  body: Buffer;
}

/** GET with the browser's Accept-Encoding, the body kept as it came over the wire. */
export function getEncoded(url: string, token?: string): Promise<EncodedResponse> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': BROWSER_ACCEPT_ENCODING };
    if (token) headers.authorization = token;
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, ms: now() - t0, encoding: String(res.headers['content-encoding'] ?? 'identity'), wireBytes: body.length, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The body as sent before encoding. */
export function decode(res: EncodedResponse): Buffer {
  switch (res.encoding) {
    case 'br':
      return brotliDecompressSync(res.body);
    case 'gzip':
      return gunzipSync(res.body);
    case 'deflate':
      return inflateSync(res.body);
    default:
      return res.body;
  }
}
