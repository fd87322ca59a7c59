import type { Ctx } from '#platform/ctx.ts';
import { newId } from '#platform/ids.ts';
import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { cartRepository, type CartRow, type LiveCart } from './cart.repository.ts';
import { CART_DAYS, type CartOwner } from './cart-rules.ts';

/** The stored form of an anonymous cart token. */
export const hashCartToken = hashSecretToken;

/** When a cart changed at `now` expires. */
export const cartExpiry = (ctx: Ctx) => ctx.calendar.after({ days: CART_DAYS });

/**
 * Whose cart the request means: a signed-in member's, else the anonymous visitor's whose cart
 * token it holds; undefined when neither.
 */
export function cartOwnerOf(ctx: Ctx): CartOwner | undefined {
  if (ctx.actor.kind === 'member') return { kind: 'member', customerId: ctx.actor.customerId };
  const token = ctx.request?.cartToken;
  return token ? { kind: 'anonymous', token } : undefined;
}

/** The live cart of an owner (expired carts are treated as gone), locked when asked. */
function findCartOf(ctx: Ctx, owner: CartOwner, lock = false): Promise<LiveCart | undefined> {
  return owner.kind === 'anonymous'
    ? cartRepository.findLiveByToken(ctx.db, hashCartToken(owner.token), ctx.now(), lock)
    : cartRepository.findLiveByCustomer(ctx.db, owner.customerId, ctx.now(), lock);
}

/** A live guest cart by its token (claiming it into a member's cart). */
export function findGuestCart(ctx: Ctx, token: string): Promise<CartRow | undefined> {
  return findCartOf(ctx, { kind: 'anonymous', token });
}

/** The request's live cart (see `cartOwnerOf`), if any. */
export function findCart(ctx: Ctx): Promise<LiveCart | undefined> {
  const owner = cartOwnerOf(ctx);
  return owner ? findCartOf(ctx, owner) : Promise.resolve(undefined);
}

/**
 * The request's cart, created when missing. An anonymous visitor without a (live) cart gets a new
 * one and its token to put in a cookie (returned as `newToken`); only its hash is stored.
 */
export async function openCart(ctx: Ctx): Promise<{ cartId: string; newToken?: string; cart: CartRow }> {
  const owner = cartOwnerOf(ctx);
  if (owner) {
    const existing = await findCartOf(ctx, owner);
    if (existing) return { cartId: existing.id, cart: existing };
  }
  return newCart(ctx, owner?.kind === 'member' ? owner : { kind: 'anonymous' });
}

/** A new empty guest cart and its token (the API's POST /carts), whatever the request holds. */
export function createGuestCart(ctx: Ctx): Promise<{ cartId: string; newToken?: string; cart: CartRow }> {
  return newCart(ctx, { kind: 'anonymous' });
}

async function newCart(
  ctx: Ctx,
  owner: { kind: 'member'; customerId: string } | { kind: 'anonymous' },
): Promise<{ cartId: string; newToken?: string; cart: CartRow }> {
  const cartId = newId('crt', ctx.now());
  const newToken = owner.kind === 'anonymous' ? newSecretToken(24) : undefined;
  const cart = {
    id: cartId,
    tenantId: ctx.tenant.id,
    tokenHash: newToken ? hashCartToken(newToken) : null,
    customerId: owner.kind === 'member' ? owner.customerId : null,
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
    expiresAt: cartExpiry(ctx),
  };
  const { tenantId: _tenantId, ...row } = cart; // the column defaults to the transaction's tenant
  await cartRepository.insertCart(ctx.db, row);
  return newToken ? { cartId, newToken, cart } : { cartId, cart };
}

/** Extends a cart's life after a change. */
export function touchCart(ctx: Ctx, cartId: string): Promise<void> {
  return cartRepository.touch(ctx.db, cartId, ctx.now(), cartExpiry(ctx));
}

/**
 * The request's cart, taken for checkout: locked until the transaction ends, so two submissions of
 * one cart (two browser tabs, two Idempotency-Keys) run one after the other. Undefined when there
 * is none — or when another submission made it an order while this one waited for the lock.
 */
export function takeCartForCheckout(ctx: Ctx): Promise<LiveCart | undefined> {
  const owner = cartOwnerOf(ctx);
  return owner ? findCartOf(ctx, owner, true) : Promise.resolve(undefined);
}

/** Deletes a cart and its lines (after it became an order). */
export function closeCart(ctx: Ctx, cartId: string): Promise<void> {
  return cartRepository.deleteCart(ctx.db, cartId);
}

/** How many units the request's live cart holds (0 without one): the header's cart count. */
export async function cartUnits(ctx: Ctx): Promise<number> {
  if (!cartOwnerOf(ctx)) return 0; // no cookie, no session: no query
  const found = await findCart(ctx);
  if (!found) return 0;
  return (found.lines ?? (await cartRepository.lines(ctx.db, found.id))).reduce((n, l) => n + l.quantity, 0);
}
