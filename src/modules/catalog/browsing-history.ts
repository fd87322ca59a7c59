import type { Ctx } from '#platform/ctx.ts';
import { newId } from '#platform/ids.ts';
import { browsingRepository } from './browsing.repository.ts';
import { catalogRepository } from './catalog.repository.ts';
import { pricingContext, toCards, type ProductCard } from './product-views.ts';

/** How many recent views "matched for you" looks at, and keeps per holder at most. */
const RECENT = 20;

/**
 * Remembers that a consenting shopper looked at a product (SF-3, PV-2). The caller has checked
 * consent: this is only ever called when personalisation is on for `holder`. Returns false for an
 * unknown product.
 */
export async function rememberView(ctx: Ctx, holder: string, productSlug: string): Promise<boolean> {
  const found = await catalogRepository.findProductBySlug(ctx.db, productSlug);
  if (!found) return false;
  const [last] = await browsingRepository.recentOf(ctx.db, holder, 1);
  if (last?.productId === found.id) return true; // a reload is not a new view
  await browsingRepository.insert(ctx.db, {
    id: newId('brw', ctx.now()),
    tenantId: ctx.tenant.id,
    holder,
    productId: found.id,
    categoryId: found.categoryId,
    at: ctx.now(),
  });
  return true;
}

/**
 * "Matched for you" (SF-3): the best sellers of the categories the shopper looked at most
 * recently, leaving out what they already saw. Only for a holder with personalisation on.
 */
export async function matchedFor(
  ctx: Ctx,
  holder: string,
  options: { limit?: number; avoid?: readonly string[] } = {},
): Promise<ProductCard[]> {
  const recent = await browsingRepository.recentOf(ctx.db, holder, RECENT);
  if (recent.length === 0) return [];
  const categories = [...new Set(recent.map((r) => r.categoryId))].slice(0, 3);
  // Neither what they saw, nor what the page already shows everyone (`avoid`: its best sellers).
  const seen = [...new Set([...recent.map((r) => r.productId), ...(options.avoid ?? [])])];
  const rows = await browsingRepository.bestInCategories(ctx.db, categories, seen, options.limit ?? 4);
  const { categories: all } = await pricingContext(ctx);
  return toCards(ctx, rows, all);
}

/** Deletes a holder's browsing history (withdrawal, history deletion, erasure). */
export function forgetBrowsing(ctx: Ctx, holder: string): Promise<number> {
  return browsingRepository.deleteOf(ctx.db, holder);
}

/** A holder's browsing history, for their export (DR-2). */
export async function browsingOf(ctx: Ctx, holder: string) {
  const rows = await browsingRepository.recentOf(ctx.db, holder, 1000);
  const products = await catalogRepository.productsByIds(ctx.db, [...new Set(rows.map((r) => r.productId))]);
  const names = new Map(products.map((p) => [p.id, p.name]));
  return rows.map((r) => ({ product: names.get(r.productId) ?? r.productId, at: r.at }));
}
