import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { conflict, forbidden } from '#platform/errors.ts';
import { changeOrderStatus } from './change-order-status.ts';
import { placedOrder } from './placed-order.ts';
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
  const row = await placedOrder(ctx, typedNumber);
  if (row.status === 'processing') return 'processing';
  if (row.status !== 'paid') throw conflict(`order ${row.number} is ${row.status}; there is nothing to pack`);
  await changeOrderStatus(ctx, row.id, 'processing');
  return 'processing';
}
