import type { Ctx } from '#platform/ctx.ts';
import { actorLabel } from '#platform/actor.ts';
import { conflict, invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { orderFacts, viewOrder } from '#modules/orders';
import { issueReturnLabel, parcelsOfOrder } from '#modules/shipping';
import { returnsRepository } from './returns.repository.ts';
import { RETURN_REASONS } from './return-status.ts';
import type { ReturnLine } from './returns.schema.ts';

/** The longest note a shopper may add to a return. */
export const RETURN_NOTE_MAX = 500;

/** What a shopper asks to send back. */
export interface ReturnInput {
  lines: { sku: string; quantity: number }[];
  reason: string;
  note?: string | undefined;
}

/** The last moment a delivered order may be returned: the end of the window's last day. */
export function returnWindowEnds(ctx: Ctx, deliveredAt: Date): Date {
  return ctx.calendar.endOfDayAfter(ctx.tenant.policy.returns.windowDays, deliveredAt);
}

/**
 * A shopper returns items of a delivered order (CK-5): the member who placed it, or a browser
 * holding its access grant (a guest who found it with number and e-mail) — anyone else: not
 * found. Within the store's window after delivery; never more units of a line than were bought,
 * counting earlier returns; with a reason from the closed list and an optional note (sealed).
 * The free return label is bought at once (through the sharing gate) and the shopper prints it
 * from the order page; `returns.return_requested` announces it.
 */
export async function requestReturn(
  ctx: Ctx,
  typedNumber: string,
  input: ReturnInput,
): Promise<{ id: string; trackingNumber: string; carrier: string }> {
  const order = await viewOrder(ctx, typedNumber);
  if (order.status !== 'delivered')
    throw conflict(
      `order ${order.number} has not been delivered yet; a return can start once it has arrived`,
    );
  const delivered = (await parcelsOfOrder(ctx, order.id)).find(
    (p) => p.direction === 'outbound',
  )?.deliveredAt;
  if (!delivered) throw conflict(`order ${order.number} has no delivered parcel`);
  const until = returnWindowEnds(ctx, delivered);
  if (ctx.now().getTime() > until.getTime())
    throw conflict(
      `the ${ctx.tenant.policy.returns.windowDays}-day return window of order ${order.number} ended on ${until.toISOString().slice(0, 10)}`,
    );
  if (!(input.reason in RETURN_REASONS))
    throw invalid(`reason must be one of: ${Object.keys(RETURN_REASONS).join(', ')}`, {
      fields: { reason: 'unknown' },
    });
  const note = input.note?.trim() || undefined;
  if (note && note.length > RETURN_NOTE_MAX)
    throw invalid(`the note may be at most ${RETURN_NOTE_MAX} characters`);

  const earlier = await returnsRepository.ofOrder(ctx.db, order.id);
  const returned = new Map<string, number>();
  for (const r of earlier.filter((r) => r.status !== 'rejected'))
    for (const l of r.lines) returned.set(l.sku, (returned.get(l.sku) ?? 0) + l.quantity);
  const wanted = new Map<string, number>();
  for (const l of input.lines) {
    if (!Number.isInteger(l.quantity) || l.quantity < 0)
      throw invalid(`quantity of ${l.sku.slice(0, 40)} must be a whole number`);
    if (l.quantity > 0) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity);
  }
  if (wanted.size === 0) throw invalid('choose at least one item to return');
  const lines: ReturnLine[] = [];
  for (const [sku, quantity] of wanted) {
    const bought = order.lines.find((l) => l.sku === sku);
    if (!bought) throw invalid(`${sku.slice(0, 40)} is not in order ${order.number}`);
    const left = bought.quantity - (returned.get(sku) ?? 0);
    if (quantity > left)
      throw conflict(
        left === 0
          ? `${bought.productName} (${bought.variantTitle}) is already being returned`
          : `only ${left} of ${bought.productName} (${bought.variantTitle}) can still be returned`,
      );
    lines.push({
      sku,
      productName: bought.productName,
      variantTitle: bought.variantTitle,
      quantity,
      unitCents: bought.unitNowCents,
    });
  }

  const subjectId = (await orderFacts(ctx, order.id))?.subjectId;
  if (!subjectId) throw conflict(`order ${order.number} has no shopper any more (erased)`);
  const id = newId('ret', ctx.now());
  const sealed = note
    ? await ctx.vault.seal(ctx, subjectId, 'returns.return_request', id, { note })
    : undefined;
  await returnsRepository.insert(ctx.db, {
    id,
    orderId: order.id,
    orderNumber: order.number,
    subjectId,
    status: 'requested',
    reason: input.reason,
    note: sealed?.note ?? null,
    lines,
    valueCents: lines.reduce((n, l) => n + l.unitCents * l.quantity, 0),
    currency: order.currency,
    requestedAt: ctx.now(),
    requestedBy: actorLabel(ctx.actor),
  });
  const label = await issueReturnLabel(ctx, { orderNumber: order.number, returnId: id });
  await ctx.events.publish('returns.return_requested', { returnId: id, orderId: order.id });
  return { id, trackingNumber: label.trackingNumber, carrier: label.carrier };
}
