import type { TenantCtx } from '#modules/tenants';
import { pricedVariants } from '#modules/catalog';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { cartRepository, type CartRow } from './cart.repository.ts';
import { MAX_UNITS_PER_LINE } from './cart-rules.ts';
import { touchCart } from './open-cart.ts';

/** A cart by id, or its row when the caller just read it (one read fewer). */
export type CartRef = string | Pick<CartRow, 'id' | 'expiresAt'>;

/** Checks that the cart is live and returns its id. */
async function liveCartId(ctx: TenantCtx, cart: CartRef): Promise<string> {
  const found = typeof cart === 'string' ? await cartRepository.findById(ctx.db, cart) : cart;
  if (!found || found.expiresAt <= ctx.now())
    throw notFound('cart', typeof cart === 'string' ? cart : cart.id);
  return found.id;
}

/**
 * Sets how many units of a variant the cart holds (0 removes the line). Refuses more than the
 * stock on hand or the per-line limit, naming the product and what is possible.
 */
export async function setCartQuantity(
  ctx: TenantCtx,
  cart: CartRef,
  variantId: string,
  quantity: number,
): Promise<void> {
  if (!Number.isInteger(quantity) || quantity < 0)
    throw invalid('quantity must be a whole number of 0 or more');
  await applyQuantity(ctx, await liveCartId(ctx, cart), variantId, quantity);
}

async function applyQuantity(ctx: TenantCtx, cartId: string, variantId: string, quantity: number) {
  if (quantity > 0) {
    const variant = (await pricedVariants(ctx, [variantId])).get(variantId);
    if (!variant) throw notFound('product variant', variantId);
    if (quantity > MAX_UNITS_PER_LINE)
      throw invalid(`at most ${MAX_UNITS_PER_LINE} units of one item per order`);
    if (quantity > variant.stock) {
      throw conflict(
        variant.stock === 0
          ? `${variant.productName} (${variant.title}) is out of stock`
          : `only ${variant.stock} left of ${variant.productName} (${variant.title})`,
      );
    }
  }
  await cartRepository.setQuantity(ctx.db, cartId, variantId, quantity, ctx.now());
  await touchCart(ctx, cartId);
}

/** Adds units of a variant to what the cart already holds. */
export async function addToCart(
  ctx: TenantCtx,
  cart: CartRef,
  variantId: string,
  quantity = 1,
): Promise<void> {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw invalid('quantity must be a whole number of 1 or more');
  const cartId = await liveCartId(ctx, cart);
  const current = await cartRepository.quantityOf(ctx.db, cartId, variantId);
  await applyQuantity(ctx, cartId, variantId, current + quantity);
}

/** Removes a line. */
export function removeFromCart(ctx: TenantCtx, cart: CartRef, variantId: string): Promise<void> {
  return setCartQuantity(ctx, cart, variantId, 0);
}
