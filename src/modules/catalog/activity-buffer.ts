import type { Db } from '#db/client.ts';
import type { Ctx } from '#platform/ctx.ts';
import { catalogRepository } from './catalog.repository.ts';

type Counts = Map<string, number>;
interface SearchCount {
  day: string;
  query: string;
  searches: number;
  zeroResults: number;
}
type SearchCounts = Map<string, SearchCount>;

/** What one tenant's flush writes. */
interface Batch {
  views: [string, number][];
  sales: [string, number][];
  searches: SearchCount[];
}

/**
 * Most distinct entries (products viewed or sold, search keywords) kept per tenant while the
 * database cannot take them: a long outage must not grow the process without bound.
 */
const MAX_PENDING_PER_TENANT = 10_000;

/** A failure caused by the values written (SQLSTATE class 22, data exception), not by the database being away. */
function isDataError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && e.code.startsWith('22')) return true;
  }
  return false;
}

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
  /** Entries dropped so far because the database refused their values, or the backlog was full. */
  dropped = 0;

  /** Units sold of a product, counted after the order committed (feeds hot-selling rankings). */
  addSales(tenantId: string, productId: string, units: number): void {
    this.add(this.sales, tenantId, productId, units);
  }

  addView(tenantId: string, productId: string, n = 1): void {
    this.add(this.views, tenantId, productId, n);
  }

  private add(kind: Map<string, Counts>, tenantId: string, productId: string, n: number): void {
    let forTenant = kind.get(tenantId);
    if (!forTenant) kind.set(tenantId, (forTenant = new Map()));
    if (!forTenant.has(productId) && forTenant.size >= MAX_PENDING_PER_TENANT) {
      this.dropped++;
      return;
    }
    forTenant.set(productId, (forTenant.get(productId) ?? 0) + n);
  }

  addSearch(tenantId: string, day: string, query: string, zeroResults: boolean, n = 1): void {
    this.addSearchCount(tenantId, { day, query, searches: n, zeroResults: zeroResults ? n : 0 });
  }

  private addSearchCount(tenantId: string, count: SearchCount): void {
    let forTenant = this.searches.get(tenantId);
    if (!forTenant) this.searches.set(tenantId, (forTenant = new Map()));
    const key = `${count.day}|${count.query}`;
    const entry = forTenant.get(key);
    if (!entry && forTenant.size >= MAX_PENDING_PER_TENANT) {
      this.dropped++;
      return;
    }
    if (entry) {
      entry.searches += count.searches;
      entry.zeroResults += count.zeroResults;
    } else forTenant.set(key, { ...count });
  }

  /** Whether anything waits to be written. */
  get pending(): boolean {
    return this.views.size > 0 || this.sales.size > 0 || this.searches.size > 0;
  }

  private requeue(tenantId: string, batch: Batch): void {
    for (const [productId, n] of batch.views) this.addView(tenantId, productId, n);
    for (const [productId, n] of batch.sales) this.addSales(tenantId, productId, n);
    for (const s of batch.searches) this.addSearchCount(tenantId, s);
  }

  private takeBatch(tenantId: string): Batch {
    const batch: Batch = {
      views: [...(this.views.get(tenantId) ?? [])],
      sales: [...(this.sales.get(tenantId) ?? [])],
      searches: [...(this.searches.get(tenantId)?.values() ?? [])],
    };
    this.views.delete(tenantId);
    this.sales.delete(tenantId);
    this.searches.delete(tenantId);
    return batch;
  }

  /** Writes a batch in a savepoint of the caller's transaction (a refusal undoes only this batch). */
  private static async write(db: Db, batch: Batch): Promise<void> {
    await db.transaction(async (tx) => {
      if (batch.views.length) await catalogRepository.addViews(tx, batch.views);
      if (batch.sales.length) await catalogRepository.addUnitsSold(tx, batch.sales);
      if (batch.searches.length) await catalogRepository.addSearches(tx, batch.searches);
    });
  }

  /**
   * Writes what was gathered for the ctx's store, in its transaction (the `catalog.flush-activity`
   * job). When the database refuses the batch for its values, each entry is written on its own and
   * those refused again are dropped (one bad keyword must not block a store's counters for the life
   * of the process); when it fails for another reason (the database is away), the counts wait for
   * the next run (bounded) and the error is thrown. Returns what was written and dropped.
   */
  async flushTenant(ctx: Pick<Ctx, 'db' | 'tenant'>): Promise<Record<string, number>> {
    const tenantId = ctx.tenant.id;
    const batch = this.takeBatch(tenantId);
    const entries = batch.views.length + batch.sales.length + batch.searches.length;
    if (entries === 0) return { written: 0, dropped: 0 };
    try {
      await ActivityBuffer.write(ctx.db, batch);
      return { written: entries, dropped: 0 };
    } catch (error) {
      if (!isDataError(error)) {
        this.requeue(tenantId, batch);
        throw error;
      }
    }
    const singles: Batch[] = [
      ...batch.views.map((v) => ({ views: [v], sales: [], searches: [] })),
      ...batch.sales.map((v) => ({ views: [], sales: [v], searches: [] })),
      ...batch.searches.map((s) => ({ views: [], sales: [], searches: [s] })),
    ];
    let written = 0;
    let dropped = 0;
    let otherError: unknown;
    for (const single of singles) {
      try {
        await ActivityBuffer.write(ctx.db, single);
        written++;
      } catch (error) {
        if (isDataError(error)) {
          dropped++;
          this.dropped++;
        } else {
          otherError ??= error;
          this.requeue(tenantId, single);
        }
      }
    }
    if (otherError !== undefined) throw otherError;
    return { written, dropped };
  }
}

/** The process's buffer: `recordProductView` and `recordSearch` add to it; the app flushes it. */
export const activityBuffer = new ActivityBuffer();

/** Writes the buffered anonymous counters of the ctx's store (the `catalog.flush-activity` job). */
export function flushActivity(ctx: Pick<Ctx, 'db' | 'tenant'>): Promise<Record<string, number>> {
  return activityBuffer.flushTenant(ctx);
}
