import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { ordersRepository, type OrderRow } from './orders.repository.ts';
import { normaliseOrderNumber } from './order-number.ts';

/** A placed order by its number as typed (an unpaid checkout is not an order yet): 404 otherwise. */
export async function placedOrder(ctx: Ctx, typedNumber: string): Promise<OrderRow> {
  const number = normaliseOrderNumber(typedNumber);
  const row = number ? await ordersRepository.byNumber(ctx.db, number) : undefined;
  if (!row || row.status === 'awaiting_payment') throw notFound('order', typedNumber);
  return row;
}
