import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { conflict, forbidden, notFound } from '#platform/errors.ts';
import { changeOrderStatus } from './change-order-status.ts';
import { normaliseOrderNumber } from './order-number.ts';
import { ordersRepository } from './orders.repository.ts';
import type { OrderStatus } from './order-status.ts';

/**
 * The warehouse starts packing an order (CK-3): `paid` → `processing`, recorded with the role in
 * the status history. Starting again is harmless (already `processing`); a shipped, delivered or
 * cancelled order has nothing to pack. Warehouse and owner only.
 */
export async function startPacking(ctx: Ctx, typedNumber: string): Promise<OrderStatus> {
  const role = roleOfActor(ctx.actor);
  if (role !== 'warehouse' && role !== 'owner')
    throw forbidden('only the warehouse and the owner pack orders');
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  if (!row || row.status === 'awaiting_payment') throw notFound('order', typedNumber.slice(0, 20));
  if (row.status === 'processing') return 'processing';
  if (row.status !== 'paid') throw conflict(`order ${row.number} is ${row.status}; there is nothing to pack`);
  await changeOrderStatus(ctx, row.id, 'processing');
  return 'processing';
}
