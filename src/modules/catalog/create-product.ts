import type { Ctx } from '#platform/ctx.ts';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { assertCatalogSlug } from './slugs.ts';
import { forgetCategories } from './categories-of.ts';
import { catalogRepository } from './catalog.repository.ts';
import { wordsOf } from './search-words.ts';
import { variantSearchText } from './search-terms.ts';
import { cleanDetails, type ProductDetails } from './product-details.ts';
import { openStock } from '#modules/stock';
import { assertManagesCatalog, assertPrice, assertSku } from './catalog-manager.ts';

export interface CreateProductInput {
  categorySlug: string;
  slug: string;
  name: string;
  series?: string | null;
  description: string;
  tags?: string[];
  /** Notes, key ingredients: what shoppers look for beyond the description. */
  details?: ProductDetails;
  motif?: string;
  hue: number;
  variants: { sku: string; title: string; priceCents: number; stock: number }[];
}

/** Adds a product with its variants (list prices in cents) and indexes its words for typo-tolerant search. */
export async function createProduct(
  ctx: Ctx,
  input: CreateProductInput,
): Promise<{ id: string; slug: string }> {
  assertManagesCatalog(ctx);
  assertCatalogSlug('product', input.slug);
  if (!input.name.trim()) throw invalid('a product needs a name');
  if (input.variants.length === 0) throw invalid(`product '${input.slug}' needs at least one variant`);
  const skus = new Set(input.variants.map((v) => v.sku));
  if (skus.size !== input.variants.length) throw invalid(`product '${input.slug}' repeats a SKU`);
  for (const v of input.variants) {
    assertSku(v.sku);
    assertPrice(v.sku, v.priceCents);
    if (!Number.isInteger(v.stock) || v.stock < 0)
      throw invalid(`variant '${v.sku}' stock must be a non-negative whole number`);
  }
  const cat = await catalogRepository.findCategoryBySlug(ctx.db, input.categorySlug);
  if (!cat) throw notFound('category', input.categorySlug);
  if (await catalogRepository.findProductBySlug(ctx.db, input.slug))
    throw conflict(`product '${input.slug}' already exists`);
  for (const v of input.variants)
    if (await catalogRepository.variantIdBySku(ctx.db, v.sku))
      throw conflict(`SKU '${v.sku}' already exists`);
  const id = newId('prd', ctx.now());
  const variants = input.variants.map((v, position) => ({
    id: newId('var', ctx.now()),
    productId: id,
    position,
    ...v,
  }));
  await catalogRepository.insertProduct(
    ctx.db,
    {
      id,
      categoryId: cat.id,
      slug: input.slug,
      name: input.name,
      series: input.series ?? null,
      categoryName: cat.name,
      description: input.description,
      tags: input.tags ?? [],
      details: cleanDetails(input.details),
      tagsText: (input.tags ?? []).join(' '),
      variantText: variantSearchText(input.variants.map((v) => v.title)),
      motif: input.motif ?? cat.motif,
      hue: ((Math.round(input.hue) % 360) + 360) % 360,
      minPriceCents: Math.min(...input.variants.map((v) => v.priceCents)),
      createdAt: ctx.now(),
    },
    variants.map(({ stock: _stock, ...v }) => v),
  );
  // The stock module owns levels: each variant opens with its first receipt.
  for (const v of variants) await openStock(ctx, v.id, v.stock);
  forgetCategories(ctx); // counts changed
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
  const text = [input.name, input.series ?? '', ...(input.tags ?? []), input.description].join(' ');
  await catalogRepository.addSearchWords(ctx.db, [...new Set(wordsOf(text))]);
  return { id, slug: input.slug };
}
