import type { Ctx } from '#platform/ctx.ts';
import { pricedVariants, type PricedVariant } from '#modules/catalog';
import { notFound } from '#platform/errors.ts';
import { cartRepository, type LiveCart } from './cart.repository.ts';

/** A cart line with today's price. `available` is false when stock fell below the quantity. */
export interface CartLineView {
  variant: PricedVariant;
  quantity: number;
  lineWasCents: number;
  lineNowCents: number;
  available: boolean;
}

/** A cart with server-side totals in integer cents (CK-1: the browser never computes a price). */
export interface CartView {
  cartId: string;
  lines: CartLineView[];
  units: number;
  subtotalWasCents: number;
  subtotalNowCents: number;
  savingsCents: number;
  shippingCents: number;
  totalCents: number;
  currency: string;
}

/**
 * The cart priced with today's discounts; lines whose product disappeared are dropped. Give the
 * cart row when it was just read, to spare reading it again.
 */
export async function viewCart(ctx: Ctx, cart: string | LiveCart): Promise<CartView> {
  const found: LiveCart | undefined =
    typeof cart === 'string' ? await cartRepository.findById(ctx.db, cart) : cart;
  const cartId = typeof cart === 'string' ? cart : cart.id;
  if (!found || found.expiresAt <= ctx.now()) throw notFound('cart', cartId);
  const lines = found.lines ?? (await cartRepository.lines(ctx.db, cartId));
  const variants = await pricedVariants(
    ctx,
    lines.map((l) => l.variantId),
  );
  return priceCart(ctx, cartId, lines, variants);
}

/** Totals of cart lines with the given variant prices (no database access). */
export function priceCart(
  ctx: Ctx,
  cartId: string,
  lines: { variantId: string; quantity: number }[],
  variants: Map<string, PricedVariant>,
): CartView {
  const views: CartLineView[] = [];
  for (const line of lines) {
    const variant = variants.get(line.variantId);
    if (!variant) continue;
    views.push({
      variant,
      quantity: line.quantity,
      lineWasCents: variant.price.wasCents * line.quantity,
      lineNowCents: variant.price.nowCents * line.quantity,
      available: variant.stock >= line.quantity,
    });
  }
  const policy = ctx.tenant.policy;
  const subtotalWasCents = views.reduce((n, l) => n + l.lineWasCents, 0);
  const subtotalNowCents = views.reduce((n, l) => n + l.lineNowCents, 0);
  const freeShipping =
    policy.freeShipping.enabled && subtotalNowCents >= policy.freeShipping.minimumOrderCents;
  const shippingCents = freeShipping || views.length === 0 ? 0 : policy.freeShipping.standardRateCents;
  return {
    cartId,
    lines: views,
    units: views.reduce((n, l) => n + l.quantity, 0),
    subtotalWasCents,
    subtotalNowCents,
    savingsCents: subtotalWasCents - subtotalNowCents,
    shippingCents,
    totalCents: subtotalNowCents + shippingCents,
    currency: policy.currency,
  };
}
