import type { Ctx } from '#platform/ctx.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';
import { assertManagesCatalog, assertPrice } from './catalog-manager.ts';
import { refreshVariantText } from './refresh-variant-text.ts';

/** A variant's new list price and/or title. */
export interface ChangeVariantInput {
  priceCents?: number | undefined;
  title?: string | undefined;
}

/**
 * Changes a variant's list price or title (owner). Placed orders keep the price they were sold at
 * (order lines copy it); carts and checkout read the new one, and the product's cheapest price
 * (sorting, price filters) follows in the same transaction.
 */
export async function changeVariant(ctx: Ctx, sku: string, input: ChangeVariantInput): Promise<void> {
  assertManagesCatalog(ctx);
  const [current] = await catalogRepository.variantsWithProduct(ctx.db, [], [sku]);
  if (!current) throw notFound('variant', sku);
  const patch: { priceCents?: number; title?: string } = {};
  if (input.priceCents !== undefined) {
    assertPrice(sku, input.priceCents);
    patch.priceCents = input.priceCents;
  }
  if (input.title !== undefined) {
    if (!input.title.trim() || input.title.length > 80)
      throw invalid('a variant title needs 1–80 characters');
    patch.title = input.title.trim();
  }
  if (Object.keys(patch).length === 0) return;
  await catalogRepository.updateVariant(ctx.db, current.id, patch);
  if (patch.priceCents !== undefined) await catalogRepository.refreshMinPrice(ctx.db, current.productId);
  if (patch.title !== undefined) await refreshVariantText(ctx, current.productId);
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
}
