import type { TenantCtx } from '#modules/tenants';
import { conflict } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';

/** A quantity of one variant, as an order line holds it. */
export interface StockLine {
  variantId: string;
  quantity: number;
  /** How to name the item if it is short ("Rose Serum (30 ml)"). */
  label: string;
}

/**
 * Takes the units of an order off the shelf, atomically per variant (CK-2: no overselling).
 * Variants are locked in id order so two orders for the same items cannot deadlock. Throws a
 * conflict naming the first item that is short; the caller's transaction then rolls back every
 * unit it took.
 */
export async function takeStock(ctx: TenantCtx, lines: StockLine[]): Promise<void> {
  const ordered = [...lines].sort((a, b) =>
    a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0,
  );
  for (const line of ordered) {
    if (!(await catalogRepository.takeStock(ctx.db, line.variantId, line.quantity))) {
      throw conflict(`${line.label} is out of stock (not enough units left for this order)`);
    }
  }
}

/** Puts units back on the shelf (a cancelled order). */
export async function putBackStock(ctx: TenantCtx, lines: Omit<StockLine, 'label'>[]): Promise<void> {
  const ordered = [...lines].sort((a, b) =>
    a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0,
  );
  for (const line of ordered) await catalogRepository.putBackStock(ctx.db, line.variantId, line.quantity);
}
