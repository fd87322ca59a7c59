import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a webhook's signed time may be from ours (replays of old deliveries are refused). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Checks a tracking webhook's `t=<unix>,v1=<hex>` signature: HMAC-SHA256 of `<t>.<raw body>` with
 * the shared secret, compared in constant time, and a signed time within five minutes of now.
 */
export function webhookSignatureValid(
  secret: string,
  header: string | undefined,
  rawBody: string,
  now: Date,
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  const v1 = parts.v1;
  if (!Number.isInteger(t) || typeof v1 !== 'string' || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
