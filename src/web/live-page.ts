import type { Response } from 'express';
import { randomBytes } from 'node:crypto';

/**
 * Sends a live page (perspectives, rooms): like the token pages, never cached, with its own CSP
 * nonce, and a CSP that also lets it fetch from this site, open the realtime feed and frame this
 * site's sandboxed frames (the lens or bot frames, which carry CSPs of their own).
 */
export function sendLivePage(res: Response, status: number, render: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  // Same-origin posts then carry a real Origin header (helmet's default, no-referrer, makes it "null").
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' data:; connect-src 'self'; ` +
      `frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.send(render(nonce));
}
