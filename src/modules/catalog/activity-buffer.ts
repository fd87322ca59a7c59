import type { Database } from '#db/client.ts';
import { catalogRepository } from './catalog.repository.ts';

type Counts = Map<string, number>;
type SearchCounts = Map<string, { day: string; query: string; searches: number; zeroResults: number }>;

/**
 * Anonymous activity counters (product views, search keywords; PV-2) and units sold, gathered in memory and
 * written in one statement per tenant and kind every few seconds, instead of one UPDATE per page
 * view. The counters are additive, so several processes can each flush their own. A crash loses at
 * most the last few seconds of counts, which only feed popularity rankings.
 */
export class ActivityBuffer {
  private views = new Map<string, Counts>();
  private sales = new Map<string, Counts>();
  private searches = new Map<string, SearchCounts>();

  /** Units sold of a product, counted after the order committed (feeds hot-selling rankings). */
  addSales(tenantId: string, productId: string, units: number): void {
    let forTenant = this.sales.get(tenantId);
    if (!forTenant) this.sales.set(tenantId, (forTenant = new Map()));
    forTenant.set(productId, (forTenant.get(productId) ?? 0) + units);
  }

  addView(tenantId: string, productId: string, n = 1): void {
    let forTenant = this.views.get(tenantId);
    if (!forTenant) this.views.set(tenantId, (forTenant = new Map()));
    forTenant.set(productId, (forTenant.get(productId) ?? 0) + n);
  }

  addSearch(tenantId: string, day: string, query: string, zeroResults: boolean, n = 1): void {
    let forTenant = this.searches.get(tenantId);
    if (!forTenant) this.searches.set(tenantId, (forTenant = new Map()));
    const key = `${day}|${query}`;
    const entry = forTenant.get(key) ?? { day, query, searches: 0, zeroResults: 0 };
    entry.searches += n;
    entry.zeroResults += zeroResults ? n : 0;
    forTenant.set(key, entry);
  }

  /** Whether anything waits to be written. */
  get pending(): boolean {
    return this.views.size > 0 || this.sales.size > 0 || this.searches.size > 0;
  }

  /**
   * Writes what was gathered for the tenants `owns` accepts (the tenants of `database`: tests and
   * tools may run several apps, each with its own database, in one process). A tenant whose write
   * fails keeps its counts for the next flush; the others are still written, then the first error
   * is thrown.
   */
  async flush(database: Database, owns: (tenantId: string) => boolean = () => true): Promise<void> {
    let firstError: unknown;
    const tenantIds = new Set([...this.views.keys(), ...this.sales.keys(), ...this.searches.keys()]);
    for (const tenantId of tenantIds) {
      if (!owns(tenantId)) continue;
      const tenantViews = this.views.get(tenantId);
      const tenantSales = this.sales.get(tenantId);
      const tenantSearches = this.searches.get(tenantId);
      this.views.delete(tenantId);
      this.sales.delete(tenantId);
      this.searches.delete(tenantId);
      try {
        await database.withTenant(tenantId, async (db) => {
          if (tenantViews) await catalogRepository.addViews(db, [...tenantViews]);
          if (tenantSales) await catalogRepository.addUnitsSold(db, [...tenantSales]);
          if (tenantSearches) await catalogRepository.addSearches(db, [...tenantSearches.values()]);
        });
      } catch (error) {
        for (const [productId, n] of tenantViews ?? []) this.addView(tenantId, productId, n);
        for (const [productId, n] of tenantSales ?? []) this.addSales(tenantId, productId, n);
        for (const s of tenantSearches?.values() ?? []) {
          const found = s.searches - s.zeroResults;
          if (found > 0) this.addSearch(tenantId, s.day, s.query, false, found);
          if (s.zeroResults > 0) this.addSearch(tenantId, s.day, s.query, true, s.zeroResults);
        }
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }
}

/** The process's buffer: `recordProductView` and `recordSearch` add to it; the app flushes it. */
export const activityBuffer = new ActivityBuffer();

/**
 * Writes the buffered anonymous counters of `database`'s tenants now (the app does it every few
 * seconds and on close).
 */
export function flushActivity(database: Database, owns?: (tenantId: string) => boolean): Promise<void> {
  return activityBuffer.flush(database, owns);
}
