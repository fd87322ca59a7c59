import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';
import { pricingContext, toCards, toVariantViews, type ProductDetail } from './product-views.ts';

/** One product with its variants and current prices; `not_found` names the slug. */
export async function getProduct(ctx: Ctx, slug: string): Promise<ProductDetail> {
  const row = await catalogRepository.findProductBySlug(ctx.db, slug);
  if (!row) throw notFound('product', slug);
  const { categories } = await pricingContext(ctx);
  const [card] = await toCards(ctx, [row], categories);
  const variants = await catalogRepository.variantsOf(ctx.db, [row.id]);
  return {
    ...card!,
    description: row.description,
    tags: row.tags,
    details: row.details,
    variants: toVariantViews(ctx, row, variants, categories),
  };
}

/** What the product picture is drawn from; `not_found` names the slug. */
export async function getProductPicture(
  ctx: Ctx,
  slug: string,
): Promise<{ name: string; motif: string; hue: number }> {
  const row = await catalogRepository.findProductBySlug(ctx.db, slug);
  if (!row) throw notFound('product', slug);
  return { name: row.name, motif: row.motif, hue: row.hue };
}
