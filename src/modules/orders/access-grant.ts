import type { Ctx } from '#platform/ctx.ts';
import type { Credentials, Identity } from '#platform/module.ts';
import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { ordersRepository } from './orders.repository.ts';

/** How long a browser may see a guest order after checkout or a lookup. */
export const ACCESS_GRANT_HOURS = 24;

/**
 * A new access grant for an order: the token for the browser (cookie or X-Order-Access) and the
 * row to store, which keeps only the token's hash and lasts ACCESS_GRANT_HOURS.
 */
export function newAccessGrant(ctx: Ctx, orderId: string) {
  const token = newSecretToken(24);
  const row = {
    tokenHash: hashSecretToken(token),
    orderId,
    expiresAt: ctx.calendar.after({ hours: ACCESS_GRANT_HOURS }),
  };
  return { token, row };
}

/** Stores a new access grant for an order and returns its token. */
export async function grantAccess(ctx: Ctx, orderId: string): Promise<string> {
  const { token, row } = newAccessGrant(ctx, orderId);
  await ordersRepository.insertGrant(ctx.db, row);
  return token;
}

/**
 * The orders module's identity resolver: a live access grant opens one guest order. The request's
 * actor is that guest unless a member session names someone (then the grant still opens the
 * order). An unknown or expired grant is simply no grant.
 */
export async function identifyGrant(ctx: Ctx, credentials: Credentials): Promise<Identity> {
  if (!credentials.orderAccessToken) return {};
  const granted = await ordersRepository.grantedOrder(
    ctx.db,
    hashSecretToken(credentials.orderAccessToken),
    ctx.now(),
  );
  return granted?.subjectId
    ? { grantedOrder: { orderId: granted.orderId, subjectId: granted.subjectId } }
    : {};
}
