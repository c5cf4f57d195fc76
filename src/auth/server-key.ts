import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { resolveSecretKey } from '../config/secret-key';

/** SECRET_KEY (or the key kept in DATA_DIR): keys token digests, session cookies and CSRF tokens. */
@Injectable()
export class ServerKey {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(resolveSecretKey(config.secretKey, config.dataDir), 'utf8');
  }

  /** HMAC-SHA-256 of `value` under the key, bound to a purpose so that one MAC never stands for another. */
  mac(purpose: string, value: string, encoding: 'hex' | 'base64url' = 'hex'): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest(encoding);
  }

  /** The stored digest of an API token secret. */
  tokenDigest(secret: string): string {
    return this.mac('api-token', secret);
  }

  /** Constant-time comparison of two strings. */
  static same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
