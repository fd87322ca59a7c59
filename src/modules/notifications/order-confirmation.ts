import type { Ctx } from '#platform/ctx.ts';
import { formatMoney } from '#platform/money.ts';
import { orderConfirmationFacts, type OrderView } from '#modules/orders';
import { queueEmail } from './outbox.ts';

/** The confirmation e-mail's text (in the store's words, from its published terms). */
export function confirmationText(ctx: Ctx, order: OrderView): string {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const { processingDays: p, deliveryDays: d } = ctx.tenant.policy;
  return [
    `Thank you for your order ${order.number} at ${ctx.tenant.name}.`,
    '',
    ...order.lines.map(
      (l) => `${l.quantity} × ${l.productName} (${l.variantTitle}) — ${money(l.lineNowCents)}`,
    ),
    '',
    `Items: ${money(order.subtotalNowCents)} (you saved ${money(order.savingsCents)})`,
    `Shipping: ${order.shippingCents === 0 ? 'free' : money(order.shippingCents)}`,
    `Total paid: ${money(order.totalCents)}`,
    '',
    `We pack orders within ${p.min}–${p.max} working days; delivery then takes ${d.min}–${d.max} days.`,
    'You can look your order up at any time on the store’s “Find my order” page with this e-mail',
    'address and the order number.',
  ].join('\n');
}

/**
 * The `orders.order_placed` subscriber: queues the confirmation e-mail of a storefront order, after
 * the order committed. The order is read by the system for `order_updates` (audited).
 */
export async function sendOrderConfirmation(ctx: Ctx, orderId: string): Promise<void> {
  const facts = await orderConfirmationFacts(ctx, orderId);
  if (!facts?.view.contactEmail || !facts.subjectId) return; // erased meanwhile, or nobody to write to
  await queueEmail(
    ctx,
    {
      subjectId: facts.subjectId,
      template: 'order_confirmation',
      recipient: facts.view.contactEmail,
      body: confirmationText(ctx, facts.view),
    },
    { sendNow: true },
  );
}
