import type { Ctx } from '#platform/ctx.ts';
import { actorLabel } from '#platform/actor.ts';
import { conflict, notFound } from '#platform/errors.ts';
import { restock } from '#modules/stock';
import { assertTransition, type OrderStatus } from './order-status.ts';
import { ordersRepository, type OrderRow } from './orders.repository.ts';
import { orderPlacedPayload } from './create-order.ts';

/**
 * Moves an order to a new status through the transition table, recording who (by role or job,
 * from `ctx.actor`). The order row is locked so two changes cannot both pass the check. Returns
 * the order as it was before.
 */
export async function changeOrderStatus(ctx: Ctx, orderId: string, to: OrderStatus): Promise<OrderRow> {
  const row = await ordersRepository.byIdForUpdate(ctx.db, orderId);
  if (!row) throw notFound('order', orderId);
  assertTransition(row.status as OrderStatus, to);
  await ordersRepository.setStatus(ctx.db, orderId, to, ctx.now());
  await ordersRepository.insertStatusChange(ctx.db, {
    orderId,
    at: ctx.now(),
    fromStatus: row.status,
    toStatus: to,
    actor: actorLabel(ctx.actor),
  });
  return row;
}

/**
 * A checkout's order whose charge was recorded: it becomes `paid` (one statement) and announces
 * itself with what the caller knows of it (number, channel, lines), so nothing is read back.
 */
export async function markOrderPaid(
  ctx: Ctx,
  orderId: string,
  placed: { number: string; channel: string; lines: { productId: string; quantity: number }[] },
): Promise<void> {
  assertTransition('awaiting_payment', 'paid');
  const moved = await ordersRepository.transition(
    ctx.db,
    orderId,
    'awaiting_payment',
    'paid',
    ctx.now(),
    actorLabel(ctx.actor),
  );
  if (!moved) throw conflict(`order ${placed.number} is no longer waiting for its payment`);
  await ctx.events.publish(
    'orders.order_placed',
    orderPlacedPayload(orderId, placed.number, placed.channel, placed.lines),
  );
}

/**
 * Discards an order whose payment failed: it was never an order. Its units go back on the shelf
 * and its rows go; only an order still `awaiting_payment` can be discarded.
 */
export async function discardUnpaidOrder(ctx: Ctx, orderId: string): Promise<void> {
  const row = await ordersRepository.byIdForUpdate(ctx.db, orderId);
  if (!row) return;
  if (row.status !== 'awaiting_payment')
    throw conflict(`order ${row.number} is ${row.status}; only an unpaid order can be discarded`);
  const lines = await ordersRepository.lines(ctx.db, orderId);
  await restock(
    ctx,
    orderId,
    lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
  );
  await ordersRepository.deleteOrder(ctx.db, orderId);
}

/**
 * Cancels an order that has not shipped: its units go back on the shelf, and once this commits
 * the payments module refunds the charge (the `orders.order_cancelled` event; idempotent, retried).
 */
export async function cancelOrder(ctx: Ctx, orderId: string): Promise<void> {
  const row = await changeOrderStatus(ctx, orderId, 'cancelled');
  const lines = await ordersRepository.lines(ctx.db, orderId);
  await restock(
    ctx,
    orderId,
    lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
  );
  await ctx.events.publish('orders.order_cancelled', {
    orderId,
    number: row.number,
    totalCents: row.totalCents,
    currency: row.currency,
  });
}
