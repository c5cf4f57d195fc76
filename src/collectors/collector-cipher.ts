import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** The algorithm refocus-collector 1.2.1 is told to decrypt secret context values with. */
export const COLLECTOR_ENCRYPTION_ALGORITHM = 'aes-256-cbc';

/**
 * OpenSSL's EVP_BytesToKey with MD5, one round and no salt: D1 = MD5(password),
 * Di = MD5(Di-1 || password), concatenated until there are enough bytes for the key and IV.
 * This is what Node's removed `crypto.createCipher` did, and what the collector's
 * `crypto.createDecipher(algorithm, collectorToken + timestamp)` expects.
 */
export function evpBytesToKey(password: string, keyLength = 32, ivLength = 16): { key: Buffer; iv: Buffer } {
  const pass = Buffer.from(password, 'utf8');
  const parts: Buffer[] = [];
  let total = 0;
  let previous = Buffer.alloc(0);
  while (total < keyLength + ivLength) {
    previous = createHash('md5').update(Buffer.concat([previous, pass])).digest();
    parts.push(previous);
    total += previous.length;
  }
  const bytes = Buffer.concat(parts);
  return { key: bytes.subarray(0, keyLength), iv: bytes.subarray(keyLength, keyLength + ivLength) };
}

/** A secret context value as the collector decrypts it: aes-256-cbc, key+IV from `collectorToken + timestamp`, hex. */
export function encryptForCollector(value: string, collectorToken: string, timestamp: number | string): string {
  const { key, iv } = evpBytesToKey(`${collectorToken}${timestamp}`);
  const cipher = createCipheriv(COLLECTOR_ENCRYPTION_ALGORITHM, key, iv);
  return Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]).toString('hex');
}

/** The inverse of encryptForCollector (tests, and to read back what a collector would see). */
export function decryptAsCollector(hex: string, collectorToken: string, timestamp: number | string): string {
  const { key, iv } = evpBytesToKey(`${collectorToken}${timestamp}`);
  const decipher = createDecipheriv(COLLECTOR_ENCRYPTION_ALGORITHM, key, iv);
  return Buffer.concat([decipher.update(hex, 'hex'), decipher.final()]).toString('utf8');
}

const AT_REST_PREFIX = 'v1:';

/**
 * Storage at rest: AES-256-GCM under a key derived from SECRET_KEY (an HMAC bound to this
 * purpose), a random 96-bit nonce per value. Stored as `v1:<nonce>.<tag>.<ciphertext>` (base64url).
 */
export class AtRestCipher {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    this.key = createHmac('sha256', secretKey).update('refocus generator secret context v1').digest();
  }

  seal(value: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `${AT_REST_PREFIX}${[nonce, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith(AT_REST_PREFIX)) throw new Error('Unknown secret format');
    const [nonce, tag, data] = sealed.slice(AT_REST_PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }
}
