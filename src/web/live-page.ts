import type { Response } from 'express';
import { randomBytes } from 'node:crypto';

/**
 * Sends a server-rendered page: never cached, with its own CSP nonce. `live` pages
 * (perspectives, rooms) may also fetch from this site, open the realtime feed and frame this
 * site's sandboxed frames (the lens or bot frames, which carry CSPs of their own).
 */
export function sendPage(res: Response, status: number, render: (nonce: string) => string, opts: { live?: boolean } = {}): void {
  const nonce = randomBytes(16).toString('base64');
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  // Same-origin posts then carry a real Origin header (helmet's default, no-referrer, makes it "null").
  res.setHeader('Referrer-Policy', 'same-origin');
  const live = opts.live ? "connect-src 'self'; frame-src 'self'; " : '';
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src 'self' data:; ${live}` +
      `form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.send(render(nonce));
}

/** A live page (perspectives, rooms). */
export function sendLivePage(res: Response, status: number, render: (nonce: string) => string): void {
  sendPage(res, status, render, { live: true });
}

/**
 * The CSP of a sandboxed frame that runs uploaded code (a lens, a bot UI): `sandbox
 * allow-scripts` keeps it an opaque origin even when opened on its own; inline and eval'd
 * scripts and styles as that code needs them; images and fonts only from data: and blob: URLs;
 * network requests only to `connectSrc` ('none' for lenses); framed only by our own pages.
 */
export function sandboxedFrameCsp(connectSrc: string): string {
  return [
    'sandbox allow-scripts',
    "default-src 'none'",
    "script-src 'unsafe-inline' 'unsafe-eval'",
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    `connect-src ${connectSrc}`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}
