import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * A new identifier with a type prefix (`prd_…`, `ten_…`). Time-ordered (48-bit millisecond time,
 * then 80 random bits) so that primary-key indexes stay append-mostly.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(10);
  let tail = '';
  for (let i = 0; i < 16; i++) {
    // 16 × 5 bits = 80 bits = the 10 random bytes.
    const bit = i * 5;
    const byte = bit >> 3;
    const value = ((bytes[byte]! << 8) | (bytes[byte + 1] ?? 0)) >> (11 - (bit & 7));
    tail += ALPHABET[value & 31];
  }
  return `${prefix}_${head}${tail}`;
}
