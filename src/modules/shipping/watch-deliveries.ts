import type { Ctx } from '#platform/ctx.ts';
import { shippingRepository } from './shipping.repository.ts';
import { registerTracking } from './register-tracking.ts';

/**
 * The delivery watch (CK-4), a job of every store: parcels not delivered by the end of the last
 * day of the store's delivery promise are flagged late (once) and announced
 * (`shipping.parcel_late`: customer service's queue and the shopper's apology follow from it);
 * parcels the tracking provider never took (a refusal or an outage) are offered to it again.
 */
export async function watchDeliveries(ctx: Ctx): Promise<Record<string, number>> {
  const late = await shippingRepository.flagLate(ctx.db, ctx.now());
  for (const row of late)
    await ctx.events.publish('shipping.parcel_late', { shipmentId: row.id, orderId: row.orderId });
  let registered = 0;
  for (const row of await shippingRepository.unregistered(ctx.db, 20)) {
    try {
      if ((await registerTracking(ctx, row, row.orderNumber)) === 'registered') registered++;
    } catch {
      break; // the provider is down: the next run tries again
    }
  }
  return { flaggedLate: late.length, trackingRegistered: registered };
}
