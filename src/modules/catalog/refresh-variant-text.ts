import type { Ctx } from '#platform/ctx.ts';
import { catalogRepository } from './catalog.repository.ts';
import { variantSearchText } from './search-terms.ts';

/** Re-derives what a product's variant titles add to its search document, after a variant changed. */
export async function refreshVariantText(ctx: Ctx, productId: string): Promise<void> {
  const titles = await catalogRepository.variantTitlesOf(ctx.db, productId);
  await catalogRepository.setVariantText(ctx.db, productId, variantSearchText(titles));
}
