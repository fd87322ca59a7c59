import type { Ctx } from '#platform/ctx.ts';
import { pricedVariants } from '#modules/catalog';
import { cartRepository } from './cart.repository.ts';
import { MAX_UNITS_PER_LINE } from './cart-rules.ts';
import { cartExpiry, hashCartToken, touchCart } from './open-cart.ts';

/**
 * On log-in, the visitor's anonymous cart (the one whose token the request holds) joins the cart of
 * the member `customerId` just signed in as (SF-5): quantities add up, capped at stock and the
 * per-line limit; the anonymous cart and its token are gone afterwards. Returns the member's cart
 * id (undefined when neither cart exists).
 */
export async function mergeCartOnLogIn(ctx: Ctx, customerId: string): Promise<string | undefined> {
  const anonymousToken = ctx.request?.cartToken;
  const anonymous = anonymousToken
    ? await cartRepository.findLiveByToken(ctx.db, hashCartToken(anonymousToken), ctx.now())
    : undefined;
  const member = await cartRepository.findLiveByCustomer(ctx.db, customerId, ctx.now());
  if (!anonymous) return member?.id;
  if (!member) {
    await cartRepository.assignToCustomer(ctx.db, anonymous.id, customerId);
    await touchCart(ctx, anonymous.id);
    return anonymous.id;
  }
  const incoming = await cartRepository.lines(ctx.db, anonymous.id);
  const variants = await pricedVariants(
    ctx,
    incoming.map((l) => l.variantId),
  );
  for (const line of incoming) {
    const variant = variants.get(line.variantId);
    if (!variant) continue;
    const have = await cartRepository.quantityOf(ctx.db, member.id, line.variantId);
    const quantity = Math.min(have + line.quantity, variant.stock, MAX_UNITS_PER_LINE);
    await cartRepository.setQuantity(ctx.db, member.id, line.variantId, quantity, ctx.now(), cartExpiry(ctx));
  }
  await cartRepository.deleteCart(ctx.db, anonymous.id);
  await touchCart(ctx, member.id);
  return member.id;
}
