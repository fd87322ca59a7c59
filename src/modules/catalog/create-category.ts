import type { Ctx } from '#platform/ctx.ts';
import { conflict } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { assertCatalogSlug } from './slugs.ts';
import { forgetCategories } from './categories-of.ts';
import { catalogRepository } from './catalog.repository.ts';
import { wordsOf } from './search-words.ts';

export interface CreateCategoryInput {
  slug: string;
  name: string;
  description?: string;
  motif: string;
  position?: number;
}

/** Adds a category to the tenant's catalog; its name joins the search vocabulary. */
export async function createCategory(
  ctx: Ctx,
  input: CreateCategoryInput,
): Promise<{ id: string; slug: string }> {
  assertCatalogSlug('category', input.slug);
  if (await catalogRepository.findCategoryBySlug(ctx.db, input.slug))
    throw conflict(`category '${input.slug}' already exists`);
  const id = newId('cat', ctx.now());
  await catalogRepository.insertCategory(ctx.db, {
    id,
    slug: input.slug,
    name: input.name,
    description: input.description ?? '',
    motif: input.motif,
    position: input.position ?? 0,
  });
  forgetCategories(ctx); // counts changed
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
  await catalogRepository.addSearchWords(ctx.db, wordsOf(input.name));
  return { id, slug: input.slug };
}
