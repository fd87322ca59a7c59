import type { Ctx } from '#platform/ctx.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';
import { forgetCategories } from './categories-of.ts';
import { assertManagesCatalog } from './catalog-manager.ts';
import { wordsOf } from './search-words.ts';
import { cleanDetails, type ProductDetails } from './product-details.ts';

/** What the owner may change about a product (its slug stays: it is in shoppers' links). */
export interface UpdateProductInput {
  name?: string | undefined;
  series?: string | null | undefined;
  description?: string | undefined;
  tags?: string[] | undefined;
  categorySlug?: string | undefined;
  /** Replaces the product's notes and key ingredients. */
  details?: ProductDetails | undefined;
}

/**
 * Edits a product's name, line, description, tags or category (owner). The search document follows
 * (a generated column), new words join the typo vocabulary, and every process drops its cached pages.
 */
export async function updateProduct(ctx: Ctx, slug: string, input: UpdateProductInput): Promise<void> {
  assertManagesCatalog(ctx);
  const current = await catalogRepository.findProductBySlug(ctx.db, slug);
  if (!current) throw notFound('product', slug);
  const patch: Parameters<typeof catalogRepository.updateProduct>[2] = {};
  if (input.name !== undefined) {
    if (!input.name.trim() || input.name.length > 120) throw invalid('a product name needs 1–120 characters');
    patch.name = input.name.trim();
  }
  if (input.series !== undefined) patch.series = input.series?.trim() || null;
  if (input.description !== undefined) {
    if (input.description.length > 4000) throw invalid('a description has at most 4000 characters');
    patch.description = input.description.trim();
  }
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    if (tags.length > 20 || tags.some((t) => t.length > 40))
      throw invalid('at most 20 tags of at most 40 characters each');
    patch.tags = tags;
    patch.tagsText = tags.join(' ');
  }
  if (input.details !== undefined) patch.details = cleanDetails(input.details);
  if (input.categorySlug !== undefined) {
    const cat = await catalogRepository.findCategoryBySlug(ctx.db, input.categorySlug);
    if (!cat) throw notFound('category', input.categorySlug);
    patch.categoryId = cat.id;
    patch.categoryName = cat.name;
    forgetCategories(ctx); // counts move with the product
  }
  if (Object.keys(patch).length === 0) return;
  await catalogRepository.updateProduct(ctx.db, current.id, patch);
  const text = [patch.name ?? '', patch.series ?? '', ...(patch.tags ?? []), patch.description ?? ''].join(
    ' ',
  );
  await catalogRepository.addSearchWords(ctx.db, [...new Set(wordsOf(text))]);
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
}
