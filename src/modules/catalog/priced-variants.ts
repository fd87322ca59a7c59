import type { Ctx } from '#platform/ctx.ts';
import { catalogRepository } from './catalog.repository.ts';
import { discountTable, priceIn, type DisplayPrice } from './pricing.ts';

/** A variant as a cart or an order line needs it: what it is, what it costs today, how many are left. */
export interface PricedVariant {
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  productName: string;
  productSlug: string;
  price: DisplayPrice;
  stock: number;
}

/**
 * Current prices and stock of the given variants, keyed by variant id (unknown ids are simply
 * absent). Variants named by SKU are read in the same query.
 */
export async function pricedVariants(
  ctx: Ctx,
  variantIds: string[],
  skus: string[] = [],
): Promise<Map<string, PricedVariant>> {
  if (variantIds.length === 0 && skus.length === 0) return new Map();
  const rows = await catalogRepository.variantsWithProduct(ctx.db, variantIds, skus);
  // The rows name their categories, so pricing needs no read of the category list.
  const discounts = discountTable(
    ctx,
    rows.map((r) => ({ id: r.categoryId, slug: r.categorySlug })),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        variantId: r.id,
        productId: r.productId,
        sku: r.sku,
        title: r.title,
        productName: r.productName,
        productSlug: r.productSlug,
        price: priceIn(ctx, discounts, r.categoryId, r.priceCents),
        stock: r.stock,
      },
    ]),
  );
}

/** The variant id of a SKU, or undefined. */
export function variantIdOfSku(ctx: Ctx, sku: string): Promise<string | undefined> {
  return catalogRepository.variantIdBySku(ctx.db, sku);
}
