import type { Ctx } from '#platform/ctx.ts';
import { systemActor } from '#platform/actor.ts';
import { changeOrderStatus } from './change-order-status.ts';
import { placedOrder } from './placed-order.ts';
import { ordersRepository } from './orders.repository.ts';
import { openedAddress, readOrderPersonal } from './view-order.ts';
import type { OrderStatus } from './order-status.ts';
import type { OrderParts } from './view-order.ts';

/** What a parcel of an order needs: its goods, and where it goes. */
export interface ParcelFacts {
  orderId: string;
  number: string;
  status: OrderStatus;
  /** The subject whose key seals the order's personal data (null once erased). */
  subjectId: string | null;
  currency: string;
  placedAt: Date;
  lines: {
    productId: string;
    productName: string;
    variantTitle: string;
    quantity: number;
    unitNowCents: number;
  }[];
  /** The delivery address in clear, as the carrier must have it; undefined when there is none (erased). */
  address: OrderParts['address'];
}

/**
 * An order about to become a parcel (CK-4), locked against other status changes and address
 * edits until the caller's transaction ends. The address is opened by the system
 * (`system:<job>`, purpose fulfilment; audited) for the one use the carrier share makes of it —
 * the acting staff member's own view is not widened by this.
 */
export async function orderForParcel(ctx: Ctx, typedNumber: string, job: string): Promise<ParcelFacts> {
  const found = await placedOrder(ctx, typedNumber);
  const row = (await ordersRepository.byIdForUpdate(ctx.db, found.id))!;
  const [lines, address] = [
    await ordersRepository.lines(ctx.db, row.id),
    await ordersRepository.address(ctx.db, row.id),
  ];
  const { a } = await readOrderPersonal({ ...ctx, actor: systemActor(job) }, row, address, 'fulfilment');
  return {
    orderId: row.id,
    number: row.number,
    status: row.status as OrderStatus,
    subjectId: row.subjectId,
    currency: row.currency,
    placedAt: row.placedAt,
    lines: lines.map((l) => ({
      productId: l.productId,
      productName: l.productName,
      variantTitle: l.variantTitle,
      quantity: l.quantity,
      unitNowCents: l.unitNowCents,
    })),
    address: openedAddress(address, a),
  };
}

/** The parcel left with the carrier: `paid` → `processing` (if packing was not started) → `shipped`. */
export async function markOrderShipped(ctx: Ctx, orderId: string): Promise<void> {
  const row = await ordersRepository.byIdForUpdate(ctx.db, orderId);
  if (row?.status === 'paid') await changeOrderStatus(ctx, orderId, 'processing');
  await changeOrderStatus(ctx, orderId, 'shipped');
}

/** The carrier delivered it: `shipped` → `delivered` (again: nothing). */
export async function markOrderDelivered(ctx: Ctx, orderId: string): Promise<boolean> {
  const row = await ordersRepository.byIdForUpdate(ctx.db, orderId);
  if (row?.status !== 'shipped') return false;
  await changeOrderStatus(ctx, orderId, 'delivered');
  return true;
}

/** Which of `orderIds` came from `channel` (a parcel's rule may depend on where its order came from). */
export async function ordersOfChannel(
  ctx: Ctx,
  orderIds: readonly string[],
  channel: 'storefront' | 'marketplace',
): Promise<Set<string>> {
  return new Set(await ordersRepository.ofChannel(ctx.db, orderIds, channel));
}
