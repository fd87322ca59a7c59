import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

// The last id's time and random part: ids made in the same millisecond count up from it, so ids
// of one process sort in the order they were made (tests run on a clock that stands still).
let lastTime = -1;
let lastTail: bigint = 0n;
const TAIL_MAX = (1n << 80n) - 1n;

/**
 * A new identifier with a type prefix (`prd_…`, `ten_…`). Time-ordered (48-bit millisecond time,
 * then 80 random bits) so that primary-key indexes stay append-mostly; within one millisecond a
 * process's ids increase (monotonic, as ULIDs do).
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let time = now.getTime();
  let tail: bigint;
  if (time === lastTime && lastTail < TAIL_MAX) tail = lastTail + 1n;
  else tail = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n; // leave room to count up
  lastTime = time;
  lastTail = tail;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let body = '';
  for (let i = 0; i < 16; i++) {
    body = ALPHABET[Number(tail & 31n)] + body;
    tail >>= 5n;
  }
  return `${prefix}_${head}${body}`;
}
