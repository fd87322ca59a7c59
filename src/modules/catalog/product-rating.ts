import type { Ctx } from '#platform/ctx.ts';
import { catalogRepository } from './catalog.repository.ts';

/**
 * Sets a product's published-review totals (SF-6), kept by the reviews module each time it
 * publishes or removes a review: tiles and product pages show the average without a join.
 * Cached catalog pages are dropped in every process.
 */
export async function setProductRating(
  ctx: Ctx,
  productId: string,
  totals: { count: number; sum: number },
): Promise<void> {
  await catalogRepository.setRating(ctx.db, productId, totals.count, totals.sum);
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
}
