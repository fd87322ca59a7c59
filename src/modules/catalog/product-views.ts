import type { ProductDetails } from './catalog.schema.ts';
import type { Ctx } from '#platform/ctx.ts';
import { categoriesOf } from './categories-of.ts';
import {
  catalogRepository,
  type CategoryRow,
  type ProductRow,
  type VariantRow,
} from './catalog.repository.ts';
import { discountTable, priceIn, type DisplayPrice } from './pricing.ts';

/** A product as listings show it. */
export interface ProductCard {
  id: string;
  slug: string;
  name: string;
  series: string | null;
  categorySlug: string;
  categoryName: string;
  motif: string;
  hue: number;
  price: DisplayPrice;
  /** "from" price when variants differ in price. */
  hasPriceRange: boolean;
  inStock: boolean;
  unitsSold: number;
  /** Published reviews: their number and average stars (one decimal); null without any. */
  rating: { count: number; average: number } | null;
}

/** A variant with its display price. */
export interface VariantView {
  id: string;
  sku: string;
  title: string;
  price: DisplayPrice;
  stock: number;
}

/** Everything a product page shows. */
export interface ProductDetail extends ProductCard {
  description: string;
  tags: string[];
  /** Notes by tier, key ingredients (each optional). */
  details: ProductDetails;
  variants: VariantView[];
}

/** Shared by every read use case: the categories and today's discounts, loaded once per request. */
export async function pricingContext(ctx: Ctx) {
  const categories = await categoriesOf(ctx);
  return { categories, discounts: discountTable(ctx, categories) };
}

/** Turns product rows into cards, loading all their variants in one query (no N+1). */
export async function toCards(
  ctx: Ctx,
  rows: ProductRow[],
  categories: CategoryRow[],
): Promise<ProductCard[]> {
  const discounts = discountTable(ctx, categories);
  const variants = await catalogRepository.variantsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const byProduct = groupBy(variants, (v) => v.productId);
  const slugOf = new Map(categories.map((c) => [c.id, c.slug]));
  return rows.map((row) => {
    const own = byProduct.get(row.id) ?? [];
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      series: row.series,
      categorySlug: slugOf.get(row.categoryId) ?? '',
      categoryName: row.categoryName,
      motif: row.motif,
      hue: row.hue,
      price: priceIn(ctx, discounts, row.categoryId, row.minPriceCents),
      hasPriceRange: new Set(own.map((v) => v.priceCents)).size > 1,
      inStock: own.some((v) => v.stock > 0),
      unitsSold: row.unitsSold,
      rating: ratingOf(row),
    };
  });
}

/** A product's published-review average, from the totals the reviews module keeps. */
export const ratingOf = (row: { ratingCount: number; ratingSum: number }) =>
  row.ratingCount > 0
    ? { count: row.ratingCount, average: Math.round((row.ratingSum / row.ratingCount) * 10) / 10 }
    : null;

/** The variant views of one product. */
export function toVariantViews(
  ctx: Ctx,
  row: ProductRow,
  variants: (VariantRow & { stock: number })[],
  categories: CategoryRow[],
): VariantView[] {
  const discounts = discountTable(ctx, categories);
  return variants.map((v) => ({
    id: v.id,
    sku: v.sku,
    title: v.title,
    price: priceIn(ctx, discounts, row.categoryId, v.priceCents),
    stock: v.stock,
  }));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Cards for the given product ids, in the order given (unknown ids are skipped). */
export async function productCardsByIds(ctx: Ctx, ids: string[]): Promise<ProductCard[]> {
  const rows = await catalogRepository.productsByIds(ctx.db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return toCards(ctx, ordered, await categoriesOf(ctx));
}
