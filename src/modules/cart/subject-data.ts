import type { Ctx } from '#platform/ctx.ts';
import { cartRepository } from './cart.repository.ts';

/** A member's carts and their lines (DR-2). */
export async function exportCarts(
  ctx: Ctx,
  subjectId: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  const carts = await cartRepository.cartsOfCustomer(ctx.db, subjectId);
  const lines = [];
  for (const cart of carts)
    for (const line of await cartRepository.lines(ctx.db, cart.id))
      lines.push({
        cartId: cart.id,
        variantId: line.variantId,
        quantity: line.quantity,
        addedAt: line.addedAt,
      });
  return {
    'cart.cart': carts.map((c) => ({ id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt })),
    'cart.cart_line': lines,
  };
}

/** Deletes a member's carts (DR-4); their lines go with them. */
export function eraseCarts(ctx: Ctx, subjectId: string): Promise<number> {
  return cartRepository.deleteCartsOfCustomer(ctx.db, subjectId);
}
