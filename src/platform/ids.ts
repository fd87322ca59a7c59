import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

// The last random part used for each recent millisecond: ids made in the same millisecond count up
// from it, so ids of one process sort in the order they were made — also when two clocks are in
// use at once (request ids on the wall clock, records on a test clock that stands still).
const lastTails = new Map<number, bigint>();
const TAIL_MAX = (1n << 80n) - 1n;

/**
 * A new identifier with a type prefix (`prd_…`, `ten_…`). Time-ordered (48-bit millisecond time,
 * then 80 random bits) so that primary-key indexes stay append-mostly; within one millisecond a
 * process's ids increase (monotonic, as ULIDs do).
 */
export function newId(prefix: string, now: Date = new Date()): string {
  let time = now.getTime();
  const last = lastTails.get(time);
  const tail =
    last !== undefined && last < TAIL_MAX ? last + 1n : BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n; // leave room to count up
  lastTails.delete(time);
  lastTails.set(time, tail);
  if (lastTails.size > 64) lastTails.delete(lastTails.keys().next().value!);
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let body = '';
  let rest = tail;
  for (let i = 0; i < 16; i++) {
    body = ALPHABET[Number(rest & 31n)] + body;
    rest >>= 5n;
  }
  return `${prefix}_${head}${body}`;
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // no 0/O, 1/I/L: read aloud, typed back

/** A short random reference people can quote (`PR-7K3M9Q2X`): 8 characters, about 40 bits. */
export function newReference(prefix: string): string {
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
  return `${prefix}-${out}`;
}
