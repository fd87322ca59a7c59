import type { Ctx } from '#platform/ctx.ts';
import { orderConfirmationFacts } from '#modules/orders';
import { parcelsOfOrder, type ParcelView } from '#modules/shipping';
import { queueEmail, type Template } from './outbox.ts';

const day = (ctx: Ctx, d: Date) =>
  new Intl.DateTimeFormat('en-US', { timeZone: ctx.tenant.policy.timeZone, dateStyle: 'long' }).format(d);

/** Where the shopper follows the order: the tracking page (a member is signed in; a guest finds the order first). */
const trackingLink = (ctx: Ctx, number: string) =>
  `${ctx.storeUrl}/orders/${encodeURIComponent(number)}/tracking`;

/** The text of each parcel e-mail. */
export function parcelMailText(ctx: Ctx, template: Template, number: string, parcel: ParcelView): string {
  const follow = [
    `Follow it here: ${trackingLink(ctx, number)}`,
    'If you ordered as a guest, the store’s “Find my order” page opens it with the order number and your e-mail address.',
  ];
  if (template === 'order_shipped')
    return [
      `Your order ${number} at ${ctx.tenant.name} has left our warehouse with ${parcel.carrier}.`,
      `Tracking number: ${parcel.trackingNumber}`,
      ...(parcel.expectedBy ? [`It should reach you by ${day(ctx, parcel.expectedBy)}.`] : []),
      '',
      ...follow,
    ].join('\n');
  if (template === 'order_delivered')
    return [
      `${parcel.carrier} delivered your order ${number} from ${ctx.tenant.name}.`,
      `Returns are free for ${ctx.tenant.policy.returns.windowDays} days: start one from your order page.`,
      '',
      ...follow,
    ].join('\n');
  return [
    `Your order ${number} from ${ctx.tenant.name} has not arrived by the day we promised${
      parcel.expectedBy ? ` (${day(ctx, parcel.expectedBy)})` : ''
    }. We are sorry: customer service is on it with ${parcel.carrier}.`,
    `Tracking number: ${parcel.trackingNumber}`,
    '',
    ...follow,
  ].join('\n');
}

/**
 * A parcel e-mail (shipped, delivered, running late) to the order's contact address, read by the
 * system for `order_updates` (audited); nothing when the shopper was erased meanwhile.
 */
export async function sendParcelMail(
  ctx: Ctx,
  template: 'order_shipped' | 'order_delivered' | 'parcel_delayed',
  orderId: string,
  shipmentTracking?: string,
): Promise<void> {
  const facts = await orderConfirmationFacts(ctx, orderId);
  if (!facts?.view.contactEmail || !facts.subjectId) return;
  const parcels = await parcelsOfOrder(ctx, orderId);
  const parcel =
    parcels.find((p) => p.trackingNumber === shipmentTracking) ??
    parcels.find((p) => p.direction === 'outbound');
  if (!parcel) return;
  await queueEmail(
    ctx,
    {
      subjectId: facts.subjectId,
      template,
      recipient: facts.view.contactEmail,
      body: parcelMailText(ctx, template, facts.view.number, parcel),
    },
    { sendNow: true },
  );
}
