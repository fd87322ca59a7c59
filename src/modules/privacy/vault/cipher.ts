import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** AES-256-GCM with a random 96-bit nonce; returns `<nonce>.<ciphertext+tag>`. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${b64(nonce)}.${b64(body)}`;
}

/** Opens `gcmSeal` output; throws when the key, the additional data or any byte differs. */
export function gcmOpen(key: Buffer, sealed: string, aad: string): Buffer {
  const [nonce, body] = sealed.split('.');
  if (!nonce || !body) throw new Error('malformed sealed value');
  const bytes = unb64(body);
  if (bytes.length < 16) throw new Error('malformed sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, unb64(nonce));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
}

/** HMAC-SHA256, base64url, truncated to 128 bits: enough for equality lookups, less to correlate. */
export function hmac(key: Buffer, message: string): string {
  return b64(createHmac('sha256', key).update(message, 'utf8').digest().subarray(0, 16));
}
