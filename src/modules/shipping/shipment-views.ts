import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import { readPersonal } from '#modules/privacy';
import { viewOrder, type OrderView } from '#modules/orders';
import { shippingRepository, type ShipmentRow } from './shipping.repository.ts';

/** What each scan means, in the shopper's words. */
export const SCAN_LABELS: Record<string, string> = {
  label_created: 'Label printed — waiting for the carrier',
  picked_up: 'Picked up by the carrier',
  in_transit: 'On its way',
  customs: 'Going through customs',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
  exception: 'Held up — the carrier reported a problem',
};

/** A parcel and its scans, as the shopper and staff see it (no address: it is on the order). */
export interface ParcelView {
  direction: 'outbound' | 'return';
  orderNumber: string;
  carrier: string;
  trackingNumber: string;
  status: string;
  statusLabel: string;
  shippedAt: Date;
  expectedBy: Date | null;
  deliveredAt: Date | null;
  late: boolean;
  customsDeclared: boolean;
  events: { kind: string; label: string; at: Date; location: string; detail: string | null }[];
}

async function toParcelView(ctx: Ctx, row: ShipmentRow): Promise<ParcelView> {
  const events = await shippingRepository.events(ctx.db, row.id);
  return {
    direction: row.direction as ParcelView['direction'],
    orderNumber: row.orderNumber,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    status: row.status,
    statusLabel: SCAN_LABELS[row.status] ?? row.status,
    shippedAt: row.createdAt,
    expectedBy: row.expectedBy,
    deliveredAt: row.deliveredAt,
    late: row.lateSince !== null && row.deliveredAt === null,
    customsDeclared: row.customs !== null,
    events: events.map((e) => ({
      kind: e.kind,
      label: SCAN_LABELS[e.kind] ?? e.kind,
      at: e.occurredAt,
      location: e.location,
      detail: e.detail,
    })),
  };
}

/**
 * The shopper's tracking page (CK-4): their order (only the member who placed it, or a browser
 * holding its access grant — anyone else: not found) and each of its parcels with every scan.
 */
export async function trackOrder(
  ctx: Ctx,
  typedNumber: string,
): Promise<{ order: OrderView; parcels: ParcelView[] }> {
  const order = await viewOrder(ctx, typedNumber);
  const rows = await shippingRepository.ofOrder(ctx.db, order.id);
  return { order, parcels: await Promise.all(rows.map((r) => toParcelView(ctx, r))) };
}

/** The parcels of one order, for another module's page (the order's own reader decided access). */
export async function parcelsOfOrder(ctx: Ctx, orderId: string): Promise<ParcelView[]> {
  const rows = await shippingRepository.ofOrder(ctx.db, orderId);
  return Promise.all(rows.map((r) => toParcelView(ctx, r)));
}

const STAFF_WHO_TRACK = ['warehouse', 'owner', 'customer_service', 'compliance'] as const;

/**
 * Recent parcels for the warehouse, customer service, compliance and the owner: numbers, carrier,
 * status, promised day and lateness — no address (the label has it, for the warehouse only).
 */
export async function recentParcels(ctx: Ctx, limit = 50): Promise<ParcelView[]> {
  const role = roleOfActor(ctx.actor);
  if (!role || !(STAFF_WHO_TRACK as readonly string[]).includes(role))
    throw forbidden('only the warehouse, customer service, compliance and the owner follow parcels');
  const rows = await shippingRepository.recent(ctx.db, Math.min(Math.max(limit, 1), 200));
  return Promise.all(rows.map((r) => toParcelView(ctx, r)));
}

/**
 * A parcel's printable label, opened through the read path (audited; the inventory lets the
 * warehouse and compliance read it). Anyone else: forbidden.
 */
export async function parcelLabel(ctx: Ctx, trackingNumber: string): Promise<string> {
  const row = await shippingRepository.byTrackingNumber(ctx.db, trackingNumber);
  if (!row) throw notFound('parcel', trackingNumber);
  const { label } = await readPersonal(
    ctx,
    { table: 'shipping.shipment', rowId: row.id, subjectId: row.subjectId, values: { label: row.label } },
    'fulfilment',
  );
  if (label === undefined) throw forbidden('this role may not open parcel labels');
  if (label === null) throw notFound('label of parcel', trackingNumber);
  return label;
}

/**
 * The printable return label of one of the shopper's own returns, read as the subject (audited).
 * The caller has already decided the shopper may open the order.
 */
export async function returnLabelOf(ctx: Ctx, returnId: string): Promise<string | undefined> {
  const row = await shippingRepository.ofReturn(ctx.db, returnId);
  if (!row) return undefined;
  const { label } = await readPersonal(
    ctx,
    { table: 'shipping.shipment', rowId: row.id, subjectId: row.subjectId, values: { label: row.label } },
    'fulfilment',
  );
  return label ?? undefined;
}
