import type { Ctx } from '#platform/ctx.ts';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { checkShippingAddress, type AddressInput } from '#platform/shipping-address.ts';
import { ordersRepository } from './orders.repository.ts';
import { sealedAddress } from './create-order.ts';
import { placedOrder } from './placed-order.ts';
import type { OrderStatus } from './order-status.ts';

/** Until the parcel leaves, its address may change (CK-4). */
const CHANGEABLE: OrderStatus[] = ['paid', 'processing'];

/** Whether an order in this status may still have its delivery address changed (pages offer the form). */
export const addressChangeable = (status: OrderStatus): boolean => CHANGEABLE.includes(status);

/**
 * The shopper corrects the recipient address of their order until it ships (CK-4): the member who
 * placed it, or a browser holding the order's access grant; anyone else gets "not found", as for
 * a number that does not exist. The address is checked against its country's rules, sealed under
 * the order's subject key, and the change is audited by field names. After shipping (or
 * cancellation) a clear refusal; the status is re-checked in the same statement that writes.
 */
export async function changeShippingAddress(
  ctx: Ctx,
  typedNumber: string,
  input: AddressInput,
): Promise<void> {
  const row = await placedOrder(ctx, typedNumber);
  const mine =
    row.subjectId !== null &&
    ((ctx.actor.kind === 'member' && row.customerId === ctx.actor.customerId) ||
      ctx.request?.grantedOrderId === row.id);
  if (!mine) throw notFound('order', typedNumber);
  const refuse = (status: string) =>
    status === 'cancelled'
      ? conflict(`order ${row.number} is cancelled; there is no parcel to send`)
      : conflict(
          `order ${row.number} has already shipped, so its address can no longer be changed; contact the store if the parcel needs redirecting`,
        );
  if (!addressChangeable(row.status as OrderStatus)) throw refuse(row.status);
  const { address, fields } = checkShippingAddress(input);
  if (Object.keys(fields).length > 0)
    throw invalid(`Please check: ${Object.keys(fields).join(', ')}`, { fields });
  const sealed = await sealedAddress(ctx, row.subjectId!, row.id, address);
  const written = await ordersRepository.replaceAddress(ctx.db, row.id, sealed.row, CHANGEABLE);
  // It shipped between the read and the write: the same refusal.
  if (!written) throw refuse('shipped');
  await ctx.audit.record(ctx, {
    action: 'change',
    subjectId: row.subjectId!,
    table: 'orders.shipping_address',
    fields: [...sealed.fields, 'country_code'],
    purpose: 'fulfilment',
    detail: { order: row.number },
  });
}
