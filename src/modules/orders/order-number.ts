import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U to misread

/**
 * A new order number like `SKI-7K3M-9QX2`: the store's prefix and 40 random bits. Random rather
 * than sequential, so a number reveals neither sales volume nor its neighbours' numbers.
 */
export function newOrderNumber(storeSlug: string): string {
  const prefix =
    storeSlug
      .replace(/[^a-z]/g, '')
      .slice(0, 3)
      .toUpperCase() || 'ORD';
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = ALPHABET[Number(bits & 31n)] + body;
    bits >>= 5n;
  }
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;
}

/**
 * The canonical form of a number as a shopper may type it: case, spaces and dashes do not matter,
 * and the letters O, I and L read as the digits 0, 1 and 1.
 */
export function normaliseOrderNumber(typed: string): string | undefined {
  const compact = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(
      /^([A-Z]{1,3})(.*)$/,
      (_m, prefix: string, rest: string) => prefix + rest.replace(/O/g, '0').replace(/[IL]/g, '1'),
    );
  const match = /^([A-Z]{1,3})([0-9A-HJKMNP-TV-Z]{8})$/.exec(compact);
  if (!match) return undefined;
  return `${match[1]}-${match[2]!.slice(0, 4)}-${match[2]!.slice(4)}`;
}
