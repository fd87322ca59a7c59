import type { Ctx } from '#platform/ctx.ts';
import { checkShare, recordRefusal, recordShare } from '#modules/privacy';
import { shippingRepository, type ShipmentRow } from './shipping.repository.ts';
import type { TrackingShare } from './carrier.ts';

/** The outcome of one registration attempt, for the job's counts. */
export type RegistrationOutcome = 'registered' | 'refused' | 'already' | 'no_callback';

/**
 * Registers a parcel with the tracking provider (CK-4, SH-5): the tracking number, the carrier,
 * the order's number and where to report — nothing about the person — through the sharing gate.
 * A refusal (no active provider, a field outside its agreement) is registered and the parcel waits
 * for the next sweep; an outage throws, and the event is retried.
 */
export async function registerTracking(
  ctx: Ctx,
  shipment: ShipmentRow,
  orderRef: string,
): Promise<RegistrationOutcome> {
  if (shipment.trackingRegisteredAt) return 'already';
  const base = ctx.shipping.trackingCallbackBase();
  if (!base) return 'no_callback';
  const payload: TrackingShare = {
    tracking_number: shipment.trackingNumber,
    carrier: shipment.carrier,
    order_ref: orderRef,
    callback_url: `${base}/${ctx.tenant.slug}`,
  };
  const check = await checkShare(ctx, {
    recipient: 'tracking_provider',
    purpose: 'order_updates',
    fields: Object.keys(payload),
  });
  if (!check.released) {
    await recordRefusal(ctx, check, orderRef);
    return 'refused';
  }
  const permit = await recordShare(ctx, check, { ref: orderRef, payload });
  await ctx.shipping.tracking.register(permit);
  await shippingRepository.markTrackingRegistered(ctx.db, shipment.id, ctx.now());
  return 'registered';
}
