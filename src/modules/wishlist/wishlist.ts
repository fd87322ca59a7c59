import type { Ctx } from '#platform/ctx.ts';
import { AppError, invalid } from '#platform/errors.ts';
import { getProduct, productCardsByIds, type ProductCard } from '#modules/catalog';
import { wishlistRepository } from './wishlist.repository.ts';

/** The most products one member may save; a wishlist, not a catalogue copy. */
export const MAX_SAVED = 200;

/** The acting member (a wishlist is a member's); anyone else is asked to log in. */
function memberOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'member') throw new AppError('unauthenticated', 'log in to keep a wishlist');
  return ctx.actor.customerId;
}

/** Saves a product (by slug) to the acting member's wishlist; saving it twice changes nothing. */
export async function saveToWishlist(ctx: Ctx, productSlug: string): Promise<void> {
  const customerId = memberOf(ctx);
  const product = await getProduct(ctx, productSlug); // not_found names the slug
  const saved = await wishlistRepository.productIdsOf(ctx.db, customerId);
  if (!saved.includes(product.id) && saved.length >= MAX_SAVED) {
    throw invalid(`a wishlist holds at most ${MAX_SAVED} products; remove some first`);
  }
  await wishlistRepository.save(ctx.db, customerId, product.id, ctx.now());
}

/** Removes a product (by slug) from the acting member's wishlist. */
export async function removeFromWishlist(ctx: Ctx, productSlug: string): Promise<void> {
  const customerId = memberOf(ctx);
  const product = await getProduct(ctx, productSlug);
  await wishlistRepository.remove(ctx.db, customerId, product.id);
}

/** The acting member's saved products, newest first, with today's prices. */
export async function listWishlist(ctx: Ctx): Promise<ProductCard[]> {
  return productCardsByIds(ctx, await wishlistRepository.productIdsOf(ctx.db, memberOf(ctx)));
}
