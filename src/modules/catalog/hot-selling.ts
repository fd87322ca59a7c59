import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';
import { pricingContext, toCards, type ProductCard } from './product-views.ts';

/**
 * Best sellers of the store or of one category (SF-3, non-personalised): ranked by aggregate
 * units sold, which no shopper identity feeds.
 */
export async function hotSelling(
  ctx: Ctx,
  input: { categorySlug?: string; limit?: number } = {},
): Promise<ProductCard[]> {
  const { categories } = await pricingContext(ctx);
  const cat = input.categorySlug ? categories.find((c) => c.slug === input.categorySlug) : undefined;
  if (input.categorySlug && !cat) throw notFound('category', input.categorySlug);
  const rows = await catalogRepository.hotSelling(ctx.db, cat?.id, input.limit ?? 8);
  return toCards(ctx, rows, categories);
}
