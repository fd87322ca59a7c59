import type { Ctx } from '#platform/ctx.ts';
import { actorLabel, roleOfActor } from '#platform/actor.ts';
import { conflict, forbidden, invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { releaseShare } from '#modules/privacy';
import { markOrderShipped, orderForParcel, type ParcelFacts } from '#modules/orders';
import type { BoughtLabel, LabelShare } from './carrier.ts';
import { customsDeclaration, type Warehouse } from './customs.ts';
import { shippingRepository, type ShipmentRow } from './shipping.repository.ts';

/** A parcel's weight when the warehouse does not weigh it (grams). */
export const DEFAULT_WEIGHT_GRAMS = 1000;

/** What the warehouse learns when a parcel is shipped. */
export interface ShippedParcel {
  number: string;
  trackingNumber: string;
  carrier: string;
  expectedBy: Date | null;
  customsDeclared: boolean;
  /** False when the order had already shipped: the same parcel is answered again. */
  created: boolean;
}

/** The store's warehouse, or a clear refusal when its policy names none. */
export function warehouseOf(ctx: Ctx): Warehouse {
  const warehouse = ctx.tenant.policy.warehouse;
  if (!warehouse)
    throw conflict(
      "this store's policy names no warehouse (country, HS code, origin of the goods); the owner must add one before labels can be bought",
    );
  return warehouse;
}

/** The label request's fields, named as the gate checks them; an absent value is not sent. */
export function labelShare(parcel: ParcelFacts, warehouse: Warehouse, weightGrams: number): LabelShare {
  const a = parcel.address;
  if (!a?.recipientName || !a.line1)
    throw conflict(`order ${parcel.number} has no delivery address any more (erased); it cannot be shipped`);
  const customs = customsDeclaration(parcel, warehouse);
  return {
    order_ref: parcel.number,
    ship_from_country: warehouse.countryCode,
    parcel_weight_grams: weightGrams,
    'orders.shipping_address.recipient_name': a.recipientName,
    'orders.shipping_address.street_line1': a.line1,
    ...(a.line2 ? { 'orders.shipping_address.street_line2': a.line2 } : {}),
    ...(a.city ? { 'orders.shipping_address.city': a.city } : {}),
    ...(a.region ? { 'orders.shipping_address.region': a.region } : {}),
    ...(a.postalCode ? { 'orders.shipping_address.postal_code': a.postalCode } : {}),
    'orders.shipping_address.country_code': a.countryCode,
    ...(a.phone ? { 'orders.shipping_address.phone': a.phone } : {}),
    ...(customs ? { customs_declaration: customs } : {}),
  };
}

const shipped = (number: string, row: ShipmentRow, created: boolean): ShippedParcel => ({
  number,
  trackingNumber: row.trackingNumber,
  carrier: row.carrier,
  expectedBy: row.expectedBy,
  customsDeclared: row.customs !== null,
  created,
});

/**
 * The warehouse ships an order (CK-4): the order is locked; the carrier gets, through the sharing
 * gate, exactly the recipient's name, address and phone, the parcel's weight, the warehouse's
 * country and — across a border — the customs declaration (never the e-mail, the account or
 * what was paid in total); the label it sells is sealed under the order's subject key; the order
 * becomes `shipped`; the promised delivery day is set; `shipping.parcel_shipped` announces it
 * (tracking registration and the shopper's e-mail follow after commit). Shipping again answers
 * the same parcel. Warehouse and owner only.
 */
export async function shipOrder(
  ctx: Ctx,
  typedNumber: string,
  input: { weightGrams?: number | undefined } = {},
): Promise<ShippedParcel> {
  const role = roleOfActor(ctx.actor);
  if (role !== 'warehouse' && role !== 'owner')
    throw forbidden('only the warehouse and the owner ship orders');
  const weightGrams = input.weightGrams ?? DEFAULT_WEIGHT_GRAMS;
  if (!Number.isInteger(weightGrams) || weightGrams < 1 || weightGrams > 70_000)
    throw invalid('weightGrams must be a whole number of grams from 1 to 70000');
  const parcel = await orderForParcel(ctx, typedNumber, 'shipping.carrier-label');
  const existing = await shippingRepository.outboundOf(ctx.db, parcel.orderId);
  if (existing) return shipped(parcel.number, existing, false);
  if (parcel.status !== 'paid' && parcel.status !== 'processing')
    throw conflict(`order ${parcel.number} is ${parcel.status}; only a paid order can be shipped`);
  if (!parcel.subjectId)
    throw conflict(`order ${parcel.number} has no shopper any more (erased); it cannot be shipped`);
  // One outbound label per order: a retry after a failure here buys nothing twice.
  const { label, customs } = await buyLabel(
    ctx,
    parcel,
    weightGrams,
    'outbound',
    `outbound-${parcel.orderId}`,
  );
  const row = await saveShipment(ctx, parcel, label, {
    direction: 'outbound',
    returnId: null,
    weightGrams,
    customs,
    expectedBy: ctx.calendar.endOfDayAfter(ctx.tenant.policy.deliveryDays.max),
  });
  await markOrderShipped(ctx, parcel.orderId);
  await ctx.events.publish('shipping.parcel_shipped', {
    shipmentId: row.id,
    orderId: parcel.orderId,
    number: parcel.number,
  });
  return shipped(parcel.number, row, true);
}

/** Buys a label from the carrier with exactly the fields the gate releases for it. */
async function buyLabel(
  ctx: Ctx,
  parcel: ParcelFacts,
  weightGrams: number,
  direction: 'outbound' | 'return',
  idempotencyKey: string,
): Promise<{ label: BoughtLabel; customs: ShipmentRow['customs'] }> {
  const payload = labelShare(parcel, warehouseOf(ctx), weightGrams);
  const permit = await releaseShare(ctx, {
    recipient: 'carrier',
    purpose: 'fulfilment',
    ref: parcel.number,
    payload,
  });
  const label = await ctx.shipping.carrier.buyLabel(permit, { direction, idempotencyKey });
  return { label, customs: payload.customs_declaration ?? null };
}

/** Records a label the carrier sold as a parcel of the order, the label sealed under its subject's key. */
async function saveShipment(
  ctx: Ctx,
  parcel: ParcelFacts,
  label: BoughtLabel,
  kind: Pick<ShipmentRow, 'direction' | 'returnId' | 'weightGrams' | 'customs' | 'expectedBy'>,
): Promise<ShipmentRow> {
  const subjectId = parcel.subjectId;
  if (!subjectId) throw conflict(`order ${parcel.number} has no shopper any more (erased)`);
  const id = newId('shp', ctx.now());
  const sealed = await ctx.vault.seal(ctx, subjectId, 'shipping.shipment', id, { label: label.label });
  const row = {
    id,
    tenantId: ctx.tenant.id,
    orderId: parcel.orderId,
    orderNumber: parcel.number,
    subjectId,
    carrier: label.carrier,
    trackingNumber: label.trackingNumber,
    labelId: label.labelId,
    label: sealed.label!,
    status: 'label_created',
    createdAt: ctx.now(),
    deliveredAt: null,
    lateSince: null,
    trackingRegisteredAt: null,
    createdBy: actorLabel(ctx.actor),
    ...kind,
  } satisfies ShipmentRow;
  const { tenantId: _tenant, ...insert } = row;
  await shippingRepository.insert(ctx.db, insert);
  return row;
}

/** A return label the shopper was given (CK-5). */
export interface ReturnLabel {
  trackingNumber: string;
  carrier: string;
  created: boolean;
}

/**
 * Buys the free return label of a return (CK-5): from the order's delivery address back to the
 * store's warehouse, through the sharing gate with the same fields as the outbound label (the
 * shopper is now the sender). One label per return (a retry buys nothing twice); the label is
 * sealed under the order's subject key so the shopper can print it from their order page.
 * `shipping.return_label_issued` has it tracked and e-mailed after commit.
 */
export async function issueReturnLabel(
  ctx: Ctx,
  input: { orderNumber: string; returnId: string; weightGrams?: number },
): Promise<ReturnLabel> {
  const existing = await shippingRepository.ofReturn(ctx.db, input.returnId);
  if (existing) return { trackingNumber: existing.trackingNumber, carrier: existing.carrier, created: false };
  const parcel = await orderForParcel(ctx, input.orderNumber, 'shipping.return-label');
  if (!parcel.subjectId) throw conflict(`order ${parcel.number} has no shopper any more (erased)`);
  const weightGrams = input.weightGrams ?? DEFAULT_WEIGHT_GRAMS;
  const { label, customs } = await buyLabel(ctx, parcel, weightGrams, 'return', `return-${input.returnId}`);
  const row = await saveShipment(ctx, parcel, label, {
    direction: 'return',
    returnId: input.returnId,
    weightGrams,
    customs,
    expectedBy: null,
  });
  await ctx.events.publish('shipping.return_label_issued', {
    shipmentId: row.id,
    orderId: parcel.orderId,
    returnId: input.returnId,
    number: parcel.number,
  });
  return { trackingNumber: label.trackingNumber, carrier: label.carrier, created: true };
}
