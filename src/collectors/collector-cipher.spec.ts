import { AtRestCipher, decryptAsCollector, encryptForCollector, evpBytesToKey } from './collector-cipher';

// Computed independently with OpenSSL on this machine:
//   printf 'secret-value' | openssl enc -aes-256-cbc -md md5 -nosalt \
//     -pass pass:rfk_collectortoken1764460800000 [-P | | xxd -p]
const PASSWORD = 'rfk_collectortoken1764460800000';
const OPENSSL_KEY = '958639C4F7A412AF4A95FBF1B78F5A2706AEA1E50C458935A12D9065C74076AB';
const OPENSSL_IV = '6B73987378C91405A18DDFC597391256';
const OPENSSL_CIPHERTEXT = '7017f3f48fcc9173f8c776de2df90eb8';

describe('collector cipher', () => {
  it('derives key and IV exactly as OpenSSL EVP_BytesToKey(MD5, 1 round, no salt)', () => {
    const { key, iv } = evpBytesToKey(PASSWORD);
    expect(key.toString('hex').toUpperCase()).toBe(OPENSSL_KEY);
    expect(iv.toString('hex').toUpperCase()).toBe(OPENSSL_IV);
  });

  it('encrypts a value to the ciphertext OpenSSL produces, hex', () => {
    expect(encryptForCollector('secret-value', 'rfk_collectortoken', 1764460800000)).toBe(OPENSSL_CIPHERTEXT);
    expect(decryptAsCollector(OPENSSL_CIPHERTEXT, 'rfk_collectortoken', '1764460800000')).toBe('secret-value');
  });

  it('gives another ciphertext for another timestamp', () => {
    expect(encryptForCollector('secret-value', 'rfk_collectortoken', 1764460800001)).not.toBe(OPENSSL_CIPHERTEXT);
  });

  it('seals at rest with a random nonce and opens only with the same key', () => {
    const a = new AtRestCipher('k'.repeat(40));
    const s1 = a.seal('p@ss');
    const s2 = a.seal('p@ss');
    expect(s1).not.toBe(s2);
    expect(s1).not.toContain('p@ss');
    expect(a.open(s1)).toBe('p@ss');
    expect(() => new AtRestCipher('x'.repeat(40)).open(s1)).toThrow();
  });
});
