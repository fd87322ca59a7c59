import type { Ctx } from '#platform/ctx.ts';
import { pricedVariants } from '#modules/catalog';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { cartRepository, type LiveCart } from './cart.repository.ts';
import { MAX_UNITS_PER_LINE } from './cart-rules.ts';
import { cartExpiry } from './open-cart.ts';
import { priceCart, type CartView } from './view-cart.ts';

/** A cart by id, or its row (with its lines) when the caller just read it (reads fewer). */
export type CartRef = string | Pick<LiveCart, 'id' | 'expiresAt' | 'lines'>;

/** Checks that the cart is live and returns its id. */
async function liveCartId(ctx: Ctx, cart: CartRef): Promise<string> {
  const found = typeof cart === 'string' ? await cartRepository.findById(ctx.db, cart) : cart;
  if (!found || found.expiresAt <= ctx.now())
    throw notFound('cart', typeof cart === 'string' ? cart : cart.id);
  return found.id;
}

/**
 * Sets how many units of a variant the cart holds (0 removes the line). Refuses more than the
 * stock on hand or the per-line limit, naming the product and what is possible. Returns the cart
 * as it now is, priced (read once: the lines, then every price in one query).
 */
export async function setCartQuantity(
  ctx: Ctx,
  cart: CartRef,
  variantId: string,
  quantity: number,
): Promise<CartView> {
  if (!Number.isInteger(quantity) || quantity < 0)
    throw invalid('quantity must be a whole number of 0 or more');
  return changeLine(ctx, cart, variantId, () => quantity);
}

/**
 * Adds units of a variant (by id, or `{ sku }`) to what the cart already holds; returns the cart
 * as it now is.
 */
export async function addToCart(
  ctx: Ctx,
  cart: CartRef,
  variant: string | { sku: string },
  quantity = 1,
): Promise<CartView> {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw invalid('quantity must be a whole number of 1 or more');
  return changeLine(ctx, cart, variant, (current) => current + quantity);
}

/** Removes a line; returns the cart as it now is. */
export function removeFromCart(ctx: Ctx, cart: CartRef, variantId: string): Promise<CartView> {
  return setCartQuantity(ctx, cart, variantId, 0);
}

async function changeLine(
  ctx: Ctx,
  cart: CartRef,
  ref: string | { sku: string },
  quantityFrom: (current: number) => number,
): Promise<CartView> {
  const cartId = await liveCartId(ctx, cart);
  const lines = (typeof cart !== 'string' && cart.lines) || (await cartRepository.lines(ctx.db, cartId));
  const ids = lines.map((l) => l.variantId);
  // The lines' variants and the one being changed, in one read (by SKU when that is what we have).
  const variants =
    typeof ref === 'string'
      ? await pricedVariants(ctx, [...new Set([...ids, ref])])
      : await pricedVariants(ctx, ids, [ref.sku]);
  const variantId =
    typeof ref === 'string' ? ref : [...variants.values()].find((v) => v.sku === ref.sku)?.variantId;
  if (!variantId) throw notFound('product with SKU', typeof ref === 'string' ? ref : ref.sku);
  const index = lines.findIndex((l) => l.variantId === variantId);
  const quantity = quantityFrom(index >= 0 ? lines[index]!.quantity : 0);
  if (quantity > 0) {
    const variant = variants.get(variantId);
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
  await cartRepository.setQuantity(ctx.db, cartId, variantId, quantity, ctx.now(), cartExpiry(ctx));
  // The lines as they now are, in the order a read gives them (by time added, then variant id).
  const after =
    quantity <= 0
      ? lines.filter((l) => l.variantId !== variantId)
      : index >= 0
        ? lines.map((l) => (l.variantId === variantId ? { ...l, quantity } : l))
        : [...lines, { variantId, quantity, addedAt: ctx.now() }].sort(
            (x, y) =>
              x.addedAt.getTime() - y.addedAt.getTime() ||
              (x.variantId < y.variantId ? -1 : x.variantId > y.variantId ? 1 : 0),
          );
  return priceCart(ctx, cartId, after, variants);
}
