import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LENS_FRAME_CSP, LENS_FRAME_HTML } from './lens-frame';
import { PERSPECTIVE_PAGE_JS } from './perspective-page.script';

/**
 * The public, static parts of the perspective page. None needs a session or reflects anything
 * of the request: the lens frame is the same document for everyone (the lens arrives later by
 * postMessage from a signed-in page), and the scripts are files of the product.
 */
@Injectable()
export class LensAssets {
  private socketIoClient?: Buffer;

  frame(res: Response): void {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', LENS_FRAME_CSP);
    // The frame is framed by our own pages only: CSP frame-ancestors says so, instead of the site-wide DENY.
    res.removeHeader('X-Frame-Options');
    res.send(LENS_FRAME_HTML);
  }

  /** socket.io's own browser client, from the server package (a production dependency). */
  socketClient(res: Response): void {
    // The package exports only its entry points, so the file is found next to its package.json.
    this.socketIoClient ??= readFileSync(join(dirname(require.resolve('socket.io/package.json')), 'client-dist', 'socket.io.min.js'));
    this.script(res, this.socketIoClient);
  }

  pageScript(res: Response): void {
    this.script(res, PERSPECTIVE_PAGE_JS);
  }

  private script(res: Response, body: string | Buffer): void {
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  }
}
