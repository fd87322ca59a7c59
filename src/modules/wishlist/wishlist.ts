import type { TenantCtx } from '#modules/tenants';
import { getProduct, productCardsByIds, type ProductCard } from '#modules/catalog';
import { invalid } from '#platform/errors.ts';
import { wishlistRepository } from './wishlist.repository.ts';

/** The most products one member may save; a wishlist, not a catalogue copy. */
export const MAX_SAVED = 200;

/** Saves a product (by slug) to a member's wishlist; saving it twice changes nothing. */
export async function saveToWishlist(ctx: TenantCtx, customerId: string, productSlug: string): Promise<void> {
  const product = await getProduct(ctx, productSlug); // not_found names the slug
  const saved = await wishlistRepository.productIdsOf(ctx.db, customerId);
  if (!saved.includes(product.id) && saved.length >= MAX_SAVED) {
    throw invalid(`a wishlist holds at most ${MAX_SAVED} products; remove some first`);
  }
  await wishlistRepository.save(ctx.db, customerId, product.id, ctx.now());
}

/** Removes a product (by slug) from a member's wishlist. */
export async function removeFromWishlist(
  ctx: TenantCtx,
  customerId: string,
  productSlug: string,
): Promise<void> {
  const product = await getProduct(ctx, productSlug);
  await wishlistRepository.remove(ctx.db, customerId, product.id);
}

/** A member's saved products, newest first, with today's prices. */
export async function listWishlist(ctx: TenantCtx, customerId: string): Promise<ProductCard[]> {
  return productCardsByIds(ctx, await wishlistRepository.productIdsOf(ctx.db, customerId));
}
