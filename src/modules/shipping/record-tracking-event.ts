import type { Ctx } from '#platform/ctx.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { markOrderDelivered } from '#modules/orders';
import { shippingRepository } from './shipping.repository.ts';

/** The scans Pledge understands, in the order a parcel goes through them. */
export const SCAN_KINDS = [
  'picked_up',
  'in_transit',
  'customs',
  'out_for_delivery',
  'delivered',
  'exception',
] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

/** What a tracking webhook reports. */
export interface ReportedScan {
  eventId: string;
  trackingNumber: string;
  kind: string;
  occurredAt: Date;
  location: string;
  detail?: string | undefined;
}

/**
 * Records a scan the tracking provider reported (CK-4), once per provider event id. A time in our
 * future (a provider's clock ahead of ours) is recorded as now. A delivered outbound parcel makes
 * its order `delivered` and announces `shipping.parcel_delivered`; a delivered return parcel
 * announces `shipping.return_received`; an exception is kept on the parcel for the warehouse and
 * customer service. Returns whether the scan was new.
 */
export async function recordTrackingEvent(ctx: Ctx, scan: ReportedScan): Promise<boolean> {
  if (!(SCAN_KINDS as readonly string[]).includes(scan.kind))
    throw invalid(`unknown scan kind '${scan.kind.slice(0, 40)}'`);
  const shipment = await shippingRepository.byTrackingNumberForUpdate(ctx.db, scan.trackingNumber);
  if (!shipment) throw notFound('parcel', scan.trackingNumber);
  const occurredAt = scan.occurredAt.getTime() > ctx.now().getTime() ? ctx.now() : scan.occurredAt;
  const isNew = await shippingRepository.insertEvent(ctx.db, {
    id: newId('tev', ctx.now()),
    shipmentId: shipment.id,
    providerEventId: scan.eventId,
    kind: scan.kind,
    occurredAt,
    receivedAt: ctx.now(),
    location: scan.location.slice(0, 120),
    detail: scan.detail?.slice(0, 200) ?? null,
  });
  if (!isNew || shipment.deliveredAt) return isNew;
  if (scan.kind === 'delivered') {
    await shippingRepository.setStatus(ctx.db, shipment.id, { status: 'delivered', deliveredAt: occurredAt });
    if (shipment.direction === 'outbound') {
      await markOrderDelivered(ctx, shipment.orderId);
      await ctx.events.publish('shipping.parcel_delivered', {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
      });
    } else {
      await ctx.events.publish('shipping.return_received', {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
        returnId: shipment.returnId,
      });
    }
  } else {
    await shippingRepository.setStatus(ctx.db, shipment.id, { status: scan.kind });
  }
  return true;
}
