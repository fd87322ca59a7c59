import type { Ctx } from '#platform/ctx.ts';
import { catalogRepository } from './catalog.repository.ts';
import { activityBuffer } from './activity-buffer.ts';

/**
 * Counts a product page view (PV-2: passive data, de-identified). Only a per-product counter
 * moves; no visitor, cookie, session or IP is stored with it.
 */
export function recordProductView(ctx: Ctx, productId: string): void {
  activityBuffer.addView(ctx.tenant.id, productId);
}

/** Adds sold units to products' aggregate sales at once, in the caller's transaction (seeding, imports). */
export async function recordSales(ctx: Ctx, lines: { productId: string; units: number }[]): Promise<void> {
  await catalogRepository.addUnitsSold(
    ctx.db,
    lines.map((l) => [l.productId, l.units]),
  );
}

/**
 * Normalises a search keyword for the anonymous statistics, or returns null when it must not be
 * kept: anything that looks like contact details (an e-mail address, a phone number) or is too long
 * to be a product search is dropped rather than stored.
 */
export function keywordForStats(query: string): string | null {
  // Control characters never reach the statistics (the HTTP edge refuses them too).
  const q = query
    .toLowerCase()
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim();
  if (!q || q.length > 60) return null;
  if (q.includes('@') || /\d[\d\s().-]{6,}\d/.test(q)) return null;
  return q;
}

/** Counts a search keyword for the day, and whether it found nothing (SF-2, PV-2). */
export function recordSearch(ctx: Ctx, query: string, resultCount: number): void {
  const keyword = keywordForStats(query);
  if (!keyword) return;
  activityBuffer.addSearch(ctx.tenant.id, ctx.now().toISOString().slice(0, 10), keyword, resultCount === 0);
}

/** The window popular searches are counted over. */
const POPULAR_WINDOW_DAYS = 30;

/**
 * Searches shown publicly as "popular": made at least 5 times, on at least 3 different days of the
 * last 30, finding products on those days, and not hidden by the owner. A rare (possibly personal)
 * query never shows, and nobody can put a phrase there by searching it many times in one sitting.
 */
export async function popularSearches(ctx: Ctx, limit = 6): Promise<string[]> {
  const since = ctx.calendar.before({ days: POPULAR_WINDOW_DAYS }).toISOString().slice(0, 10);
  const rows = await catalogRepository.popularSearches(ctx.db, since, 5, 3, limit);
  return rows.map((r) => r.query);
}

/** Hides a keyword from the public popular searches (the owner's moderation); counting goes on. */
export async function hidePopularSearch(ctx: Ctx, query: string): Promise<void> {
  const keyword = keywordForStats(query);
  if (!keyword) return;
  await catalogRepository.hideSearch(ctx.db, keyword, ctx.now());
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
}

/** Lets a hidden keyword show again among the popular searches. */
export async function showPopularSearch(ctx: Ctx, query: string): Promise<void> {
  const keyword = keywordForStats(query);
  if (!keyword) return;
  await catalogRepository.showSearch(ctx.db, keyword);
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
}
