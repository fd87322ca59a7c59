import type { Ctx } from '#platform/ctx.ts';
import { formatMoney } from '#platform/money.ts';
import { orderConfirmationFacts } from '#modules/orders';
import { queueEmail } from './outbox.ts';

const orderLink = (ctx: Ctx, number: string) => `${ctx.storeUrl}/orders/${encodeURIComponent(number)}`;

/** The text of the return-label e-mail. */
export function returnLabelText(ctx: Ctx, number: string): string {
  return [
    `Your return of items from order ${number} at ${ctx.tenant.name} is registered.`,
    'Your free return label is on your order page: print it, stick it on the parcel and hand it to the carrier.',
    `Order page: ${orderLink(ctx, number)}`,
    'If you ordered as a guest, the store’s “Find my order” page opens it with the order number and your e-mail address.',
    `Once the parcel reaches us we review the refund within ${ctx.tenant.policy.refundReviewWorkingDays.min}–${ctx.tenant.policy.refundReviewWorkingDays.max} working days.`,
  ].join('\n');
}

/** The text of the refund e-mail. */
export function refundText(ctx: Ctx, number: string, amountCents: number, currency: string): string {
  return [
    `We refunded ${formatMoney(amountCents, currency)} for your return from order ${number} at ${ctx.tenant.name}.`,
    'It goes back to the card you paid with; your bank may take a few days to show it.',
    `Order page: ${orderLink(ctx, number)}`,
  ].join('\n');
}

/** The text of a customer-service reply e-mail: the reply itself, and where the case continues. */
export function ticketReplyText(ctx: Ctx, number: string, reply: string): string {
  return [
    `Customer service at ${ctx.tenant.name} answered your question about order ${number}:`,
    '',
    reply,
    '',
    `To answer, write on your order page: ${orderLink(ctx, number)}`,
  ].join('\n');
}

/** An after-sales e-mail to the order's contact address (read by the system, audited); nothing once erased. */
export async function sendAfterSalesMail(
  ctx: Ctx,
  orderId: string,
  template: 'return_label' | 'refund_issued' | 'ticket_reply',
  body: (number: string) => string,
): Promise<void> {
  const facts = await orderConfirmationFacts(ctx, orderId);
  if (!facts?.view.contactEmail || !facts.subjectId) return;
  await queueEmail(
    ctx,
    {
      subjectId: facts.subjectId,
      template,
      recipient: facts.view.contactEmail,
      body: body(facts.view.number),
    },
    { sendNow: true },
  );
}
