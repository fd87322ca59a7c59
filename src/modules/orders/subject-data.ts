import type { Ctx } from '#platform/ctx.ts';
import { ordersRepository } from './orders.repository.ts';
import { orderForSystem } from './view-order.ts';
import type { OrderStatus } from './order-status.ts';

/**
 * A subject's orders (DR-2): each order's view with its personal fields, read for the actor the
 * engine runs as (the member themself, or compliance), audited when that is not the member.
 */
export async function exportOrders(
  ctx: Ctx,
  subjectId: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  const rows = await ordersRepository.ofSubject(ctx.db, subjectId);
  const orders = [];
  for (const row of rows) {
    const view = await orderForSystem(ctx, row.id, 'customer_service');
    if (view) orders.push({ ...view, id: undefined, subjectId: undefined });
  }
  return { 'orders.order': orders };
}

/**
 * Anonymises a subject's orders (DR-4): personal columns and the links to the subject become
 * NULL (the engine then destroys the key, so any copy of the ciphertext is noise too); items,
 * amounts and countries stay, about nobody.
 */
export function eraseOrders(ctx: Ctx, subjectId: string): Promise<number> {
  return ordersRepository.anonymiseSubject(ctx.db, subjectId);
}

/** Orders that are over: delivered or cancelled. An unpaid order is discarded, never kept. */
const FINISHED: readonly OrderStatus[] = ['delivered', 'cancelled'];

/**
 * Deletes a subject's order history (DR-3): finished orders are anonymised as on erasure (they
 * leave the member's history, keeping items and amounts for bookkeeping); orders still on their
 * way wait, because the parcel still needs its address.
 */
export async function forgetOrderHistory(
  ctx: Ctx,
  subjectId: string,
): Promise<{ forgotten: number; waiting: number }> {
  const forgotten = await ordersRepository.anonymiseSubject(ctx.db, subjectId, FINISHED);
  const waiting = await ordersRepository.countOfSubjectNotIn(ctx.db, subjectId, [
    ...FINISHED,
    'awaiting_payment',
  ]);
  return { forgotten, waiting };
}
