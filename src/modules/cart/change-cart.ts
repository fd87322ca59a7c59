import type { TenantCtx } from '#modules/tenants';
import { pricedVariants } from '#modules/catalog';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { cartRepository } from './cart.repository.ts';
import { MAX_UNITS_PER_LINE } from './cart-rules.ts';
import { touchCart } from './open-cart.ts';

async function assertLiveCart(ctx: TenantCtx, cartId: string): Promise<void> {
  const found = await cartRepository.findById(ctx.db, cartId);
  if (!found || found.expiresAt <= ctx.now()) throw notFound('cart', cartId);
}

/**
 * Sets how many units of a variant the cart holds (0 removes the line). Refuses more than the
 * stock on hand or the per-line limit, naming the product and what is possible.
 */
export async function setCartQuantity(
  ctx: TenantCtx,
  cartId: string,
  variantId: string,
  quantity: number,
): Promise<void> {
  if (!Number.isInteger(quantity) || quantity < 0)
    throw invalid('quantity must be a whole number of 0 or more');
  await assertLiveCart(ctx, cartId);
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
  cartId: string,
  variantId: string,
  quantity = 1,
): Promise<void> {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw invalid('quantity must be a whole number of 1 or more');
  await assertLiveCart(ctx, cartId);
  const current = await cartRepository.quantityOf(ctx.db, cartId, variantId);
  await setCartQuantity(ctx, cartId, variantId, current + quantity);
}

/** Removes a line. */
export function removeFromCart(ctx: TenantCtx, cartId: string, variantId: string): Promise<void> {
  return setCartQuantity(ctx, cartId, variantId, 0);
}
