import type { ProductDetails } from './product-details.ts';
import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';
import { assertManagesCatalog } from './catalog-manager.ts';

/** A variant as the owner manages it: SKU, product, title, list price. */
export interface AdminVariant {
  id: string;
  sku: string;
  productName: string;
  productSlug: string;
  title: string;
  priceCents: number;
}

/** A product as the owner edits it, with its variants. */
export interface AdminProduct {
  slug: string;
  name: string;
  series: string | null;
  description: string;
  tags: string[];
  /** Notes by tier and key ingredients. */
  details: ProductDetails;
  categorySlug: string;
  variants: { id: string; sku: string; title: string; priceCents: number }[];
}

/** Every variant of the store, by SKU, for the owner's catalog page (no personal data in it). */
export async function listVariantsForOwner(ctx: Ctx): Promise<AdminVariant[]> {
  assertManagesCatalog(ctx);
  return catalogRepository.variantsForAdmin(ctx.db);
}

/** Every product with its category and number of variants, by name (owner). */
export async function listProductsForOwner(
  ctx: Ctx,
): Promise<{ slug: string; name: string; categorySlug: string; categoryName: string; variants: number }[]> {
  assertManagesCatalog(ctx);
  return catalogRepository.productsForAdmin(ctx.db);
}

/** One product with its variants, as the owner's edit form shows it. */
export async function productForOwner(ctx: Ctx, slug: string): Promise<AdminProduct> {
  assertManagesCatalog(ctx);
  const p = await catalogRepository.findProductBySlug(ctx.db, slug);
  if (!p) throw notFound('product', slug);
  const [variants, categories] = await Promise.all([
    catalogRepository.variantsOf(ctx.db, [p.id]),
    catalogRepository.listCategories(ctx.db),
  ]);
  return {
    slug: p.slug,
    name: p.name,
    series: p.series,
    description: p.description,
    tags: p.tags,
    details: p.details,
    categorySlug: categories.find((c) => c.id === p.categoryId)?.slug ?? '',
    variants: variants.map((v) => ({ id: v.id, sku: v.sku, title: v.title, priceCents: v.priceCents })),
  };
}
