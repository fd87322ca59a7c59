import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

// The 80-bit random part as two 40-bit halves: plain numbers (exact below 2^53), no BigInt — an
// order makes about fifteen ids, and BigInt arithmetic was a visible part of checkout's CPU.
const HALF = 2 ** 40;
interface Tail {
  hi: number;
  lo: number;
}

// The last random part used for each recent millisecond: ids made in the same millisecond count up
// from it, so ids of one process sort in the order they were made — also when two clocks are in
// use at once (request ids on the wall clock, records on a test clock that stands still).
const lastTails = new Map<number, Tail>();

// Random bytes drawn 4 KiB at a time (one call into the system's generator per ~400 ids).
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;
function randomTail(): Tail {
  if (poolUsed + 10 > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const high = pool.readUIntBE(poolUsed, 5);
  const low = pool.readUIntBE(poolUsed + 5, 5);
  poolUsed += 10;
  // Halved (the top bit cleared), to leave room to count up within the millisecond.
  return { hi: Math.floor(high / 2), lo: (high % 2) * (HALF / 2) + Math.floor(low / 2) };
}

function encode(value: number, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/**
 * A new identifier with a type prefix (`prd_…`, `ten_…`). Time-ordered (48-bit millisecond time,
 * then 80 random bits) so that primary-key indexes stay append-mostly; within one millisecond a
 * process's ids increase (monotonic, as ULIDs do).
 */
export function newId(prefix: string, now: Date = new Date()): string {
  const time = now.getTime();
  const last = lastTails.get(time);
  let tail: Tail;
  if (last === undefined || (last.hi === HALF - 1 && last.lo === HALF - 1)) tail = randomTail();
  else tail = last.lo === HALF - 1 ? { hi: last.hi + 1, lo: 0 } : { hi: last.hi, lo: last.lo + 1 };
  lastTails.delete(time);
  lastTails.set(time, tail);
  if (lastTails.size > 64) lastTails.delete(lastTails.keys().next().value!);
  return `${prefix}_${encode(time, 10)}${encode(tail.hi, 8)}${encode(tail.lo, 8)}`;
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // no 0/O, 1/I/L: read aloud, typed back

/** A short random reference people can quote (`PR-7K3M9Q2X`): 8 characters, about 40 bits. */
export function newReference(prefix: string): string {
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length];
  return `${prefix}-${out}`;
}
