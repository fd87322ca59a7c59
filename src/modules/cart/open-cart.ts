import type { TenantCtx } from '#modules/tenants';
import { newId } from '#platform/ids.ts';
import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { cartRepository, type CartRow } from './cart.repository.ts';
import { CART_DAYS, type CartOwner } from './cart-rules.ts';

/** The stored form of an anonymous cart token. */
export const hashCartToken = hashSecretToken;

/** When a cart changed at `now` expires. */
export const cartExpiry = (now: Date) => new Date(now.getTime() + CART_DAYS * 86_400_000);

/** The owner's live cart, if any (expired carts are treated as gone). */
export function findCart(ctx: TenantCtx, owner: CartOwner): Promise<CartRow | undefined> {
  return owner.kind === 'anonymous'
    ? cartRepository.findLiveByToken(ctx.db, hashCartToken(owner.token), ctx.now())
    : cartRepository.findLiveByCustomer(ctx.db, owner.customerId, ctx.now());
}

/**
 * The owner's cart, created when missing. An anonymous visitor without a token gets a new one to
 * put in a cookie (returned as `newToken`); only its hash is stored.
 */
export async function openCart(
  ctx: TenantCtx,
  owner: CartOwner | { kind: 'anonymous'; token?: undefined },
): Promise<{ cartId: string; newToken?: string; cart: CartRow }> {
  if (owner.kind === 'member' || owner.token) {
    const existing = await findCart(ctx, owner);
    if (existing) return { cartId: existing.id, cart: existing };
  }
  const cartId = newId('crt', ctx.now());
  const newToken = owner.kind === 'anonymous' ? newSecretToken(24) : undefined;
  const cart = {
    id: cartId,
    tenantId: ctx.tenant.id,
    tokenHash: newToken ? hashCartToken(newToken) : null,
    customerId: owner.kind === 'member' ? owner.customerId : null,
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
    expiresAt: cartExpiry(ctx.now()),
  };
  const { tenantId: _tenantId, ...row } = cart; // the column defaults to the transaction's tenant
  await cartRepository.insertCart(ctx.db, row);
  return newToken ? { cartId, newToken, cart } : { cartId, cart };
}

/** Extends a cart's life after a change. */
export function touchCart(ctx: TenantCtx, cartId: string): Promise<void> {
  return cartRepository.touch(ctx.db, cartId, ctx.now(), cartExpiry(ctx.now()));
}

/**
 * Takes a cart for checkout: locks it until the transaction ends, so two submissions of one cart
 * (two browser tabs, two Idempotency-Keys) run one after the other. False when the cart is gone:
 * the other submission made it an order meanwhile.
 */
export function lockCart(ctx: TenantCtx, cartId: string): Promise<boolean> {
  return cartRepository.lock(ctx.db, cartId);
}

/** Deletes a cart and its lines (after it became an order). */
export function closeCart(ctx: TenantCtx, cartId: string): Promise<void> {
  return cartRepository.deleteCart(ctx.db, cartId);
}
