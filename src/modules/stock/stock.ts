import type { Ctx } from '#platform/ctx.ts';
import { actorLabel } from '#platform/actor.ts';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { stockRepository } from './stock.repository.ts';

/** A quantity of one variant, as an order line holds it. */
export interface StockLine {
  variantId: string;
  quantity: number;
  /** How to name the item if it is short ("Rose Serum (30 ml)"). */
  label?: string;
}

/** The kinds of movement; the sign says which way units go. */
export type MovementKind = 'receipt' | 'sale' | 'sale_cancelled' | 'return' | 'adjustment';

const byVariant = <T extends { variantId: string }>(lines: T[]) =>
  [...lines].sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));

function movement(
  ctx: Ctx,
  variantId: string,
  kind: MovementKind,
  quantity: number,
  extra: { orderId?: string; reason?: string } = {},
) {
  return {
    id: newId('mov', ctx.now()),
    variantId,
    kind,
    quantity,
    orderId: extra.orderId ?? null,
    reason: extra.reason ?? null,
    at: ctx.now(),
    actor: actorLabel(ctx.actor),
  };
}

/** Opens stock for a new variant (its first receipt). */
export async function openStock(ctx: Ctx, variantId: string, onHand: number): Promise<void> {
  if (!Number.isInteger(onHand) || onHand < 0) throw invalid('stock must be a non-negative whole number');
  await stockRepository.open(
    ctx.db,
    movement(ctx, variantId, 'receipt', onHand, { reason: 'opening stock' }),
  );
}

/**
 * Takes an order's units off the shelf (CK-2: no overselling), one `sale` movement per line.
 * Variants are locked in id order so two orders for the same items cannot deadlock. Throws a
 * conflict naming the first item that is short; the caller's transaction then rolls back every
 * unit it took.
 */
export async function sellStock(ctx: Ctx, orderId: string, lines: StockLine[]): Promise<void> {
  // One movement per variant: the statement applies one change per level, so repeated lines of
  // the same variant are added up first.
  const totals = new Map<string, StockLine>();
  for (const line of lines) {
    const seen = totals.get(line.variantId);
    totals.set(line.variantId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : line);
  }
  const merged = byVariant([...totals.values()]);
  const changed = new Set(
    await stockRepository.moveMany(
      ctx.db,
      merged.map((line) => movement(ctx, line.variantId, 'sale', -line.quantity, { orderId })),
    ),
  );
  const short = merged.find((line) => !changed.has(line.variantId));
  if (short)
    throw conflict(`${short.label ?? 'an item'} is out of stock (not enough units left for this order)`);
}

/** Puts an order's units back (a sale that did not happen, or goods returned). */
export async function restock(
  ctx: Ctx,
  orderId: string,
  lines: StockLine[],
  kind: 'sale_cancelled' | 'return' = 'sale_cancelled',
): Promise<void> {
  for (const line of byVariant(lines))
    await stockRepository.move(ctx.db, movement(ctx, line.variantId, kind, line.quantity, { orderId }));
}

/**
 * Sets a variant's stock to what was counted (a stocktake, a receipt, a correction): one
 * `adjustment` (or `receipt` when units arrive) movement of the difference, with its reason.
 */
export async function setStock(ctx: Ctx, variantId: string, counted: number, reason: string): Promise<void> {
  if (!Number.isInteger(counted) || counted < 0) throw invalid('stock must be a non-negative whole number');
  const current = (await stockRepository.levels(ctx.db, [variantId])).get(variantId);
  if (current === undefined) throw notFound('stock of variant', variantId);
  const delta = counted - current;
  if (delta === 0) return;
  const applied = await stockRepository.move(
    ctx.db,
    movement(ctx, variantId, delta > 0 ? 'receipt' : 'adjustment', delta, { reason: reason.slice(0, 200) }),
  );
  if (!applied) throw conflict('stock changed meanwhile; count again');
}

/** Units on hand of the given variants (absent ids: none). */
export function stockLevels(ctx: Ctx, variantIds: string[]): Promise<Map<string, number>> {
  return stockRepository.levels(ctx.db, variantIds);
}

/** A variant's movements, oldest first (the ledger). */
export function stockMovements(ctx: Ctx, variantId: string) {
  return stockRepository.movementsOf(ctx.db, variantId);
}

/** Variants whose on-hand count differs from their ledger (MO-5 says: none, ever). */
export function stockDrift(ctx: Ctx) {
  return stockRepository.drifted(ctx.db);
}
