import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { ACCESS_GRANT_HOURS, type OrdersCtx } from './orders-ctx.ts';
import { ordersRepository } from './orders.repository.ts';

/**
 * A new access grant for an order: the token for the browser (cookie or X-Order-Access) and the
 * row to store, which keeps only the token's hash and lasts ACCESS_GRANT_HOURS.
 */
export function newAccessGrant(ctx: OrdersCtx, orderId: string) {
  const token = newSecretToken(24);
  const row = {
    tokenHash: hashSecretToken(token),
    orderId,
    expiresAt: new Date(ctx.now().getTime() + ACCESS_GRANT_HOURS * 3_600_000),
  };
  return { token, row };
}

/** Stores a new access grant for an order and returns its token. */
export async function grantAccess(ctx: OrdersCtx, orderId: string): Promise<string> {
  const { token, row } = newAccessGrant(ctx, orderId);
  await ordersRepository.insertGrant(ctx.db, row);
  return token;
}
