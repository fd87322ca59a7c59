import { putBackStock } from '#modules/catalog';
import { notFound } from '#platform/errors.ts';
import { assertTransition, type OrderStatus } from './order-status.ts';
import type { OrdersCtx } from './orders-ctx.ts';
import { ordersRepository } from './orders.repository.ts';

/** Who changes an order's status: the shopper, the system or a staff role (never a person's name). */
export type StatusActor = 'member' | 'guest' | 'system' | 'warehouse' | 'customer_service' | 'operations';

/**
 * Moves an order to a new status through the transition table, recording the change. The order
 * row is locked so two changes cannot both pass the check.
 */
export async function changeOrderStatus(
  ctx: OrdersCtx,
  orderId: string,
  to: OrderStatus,
  actor: StatusActor,
): Promise<void> {
  const row = await ordersRepository.byIdForUpdate(ctx.db, orderId);
  if (!row) throw notFound('order', orderId);
  assertTransition(row.status as OrderStatus, to);
  await ordersRepository.setStatus(ctx.db, orderId, to, ctx.now());
  await ordersRepository.insertStatusChange(ctx.db, {
    orderId,
    at: ctx.now(),
    fromStatus: row.status,
    toStatus: to,
    actor,
  });
}

/**
 * Cancels an order that has not shipped: refunds the whole charge through the provider (idempotent
 * by order, so a retry never refunds twice) and puts the units back on the shelf.
 */
export async function cancelOrder(ctx: OrdersCtx, orderId: string, actor: StatusActor): Promise<void> {
  await changeOrderStatus(ctx, orderId, 'cancelled', actor);
  const row = (await ordersRepository.byId(ctx.db, orderId))!;
  if (row.paymentChargeId) {
    await ctx.payments.refund({
      chargeId: row.paymentChargeId,
      idempotencyKey: `cancel:${ctx.tenant.id}:${orderId}`,
    });
  }
  const lines = await ordersRepository.lines(ctx.db, orderId);
  await putBackStock(
    ctx,
    lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
  );
}
