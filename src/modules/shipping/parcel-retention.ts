import type { Ctx } from '#platform/ctx.ts';
import type { RetentionRunOptions } from '#platform/module.ts';
import { ordersOfChannel } from '#modules/orders';
import { shippingRepository } from './shipping.repository.ts';

const DAY = 24 * 3600_000;
const PAGE = 1000;
/** Pages looked at per run: parcels older than the return window are gone already, so few remain. */
const MAX_PAGES = 50;

/**
 * The `order_personal_data` rule for parcels (RT-2): labels, addresses and scans of parcels
 * delivered before the store's return window (plus the rule's days) ended, unless their order is
 * held back (an open return, an open case).
 */
export async function deleteClosedParcels(ctx: Ctx, o: RetentionRunOptions): Promise<number> {
  const window = ctx.tenant.policy.returns.windowDays * DAY;
  const parcels = await shippingRepository.deliveredBefore(
    ctx.db,
    new Date(o.cutoff.getTime() - window),
    PAGE,
    o.legalHolds,
  );
  const held = await o.held([...new Set(parcels.map((p) => p.orderId))]);
  const due = parcels.filter((p) => !held.has(p.orderId)).map((p) => p.id);
  return o.dryRun ? due.length : shippingRepository.deleteParcels(ctx.db, due);
}

/**
 * The `marketplace_buyer_data` rule for parcels (RT-3): a marketplace order's labels and scans
 * carry the buyer's name and address, so they go on the marketplace's clock (days after delivery),
 * not the store's return window; held orders wait.
 */
export async function deleteMarketplaceParcels(ctx: Ctx, o: RetentionRunOptions): Promise<number> {
  let count = 0;
  let afterId = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const parcels = await shippingRepository.deliveredBefore(ctx.db, o.cutoff, PAGE, o.legalHolds, afterId);
    if (parcels.length === 0) break;
    afterId = parcels[parcels.length - 1]!.id;
    const marketplace = await ordersOfChannel(
      ctx,
      [...new Set(parcels.map((p) => p.orderId))],
      'marketplace',
    );
    const candidates = parcels.filter((p) => marketplace.has(p.orderId));
    const held = await o.held([...new Set(candidates.map((p) => p.orderId))]);
    const due = candidates.filter((p) => !held.has(p.orderId)).map((p) => p.id);
    count += o.dryRun ? due.length : await shippingRepository.deleteParcels(ctx.db, due);
    if (parcels.length < PAGE) break;
  }
  return count;
}
