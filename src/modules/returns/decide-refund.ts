import type { Ctx } from '#platform/ctx.ts';
import { actorLabel, roleOfActor } from '#platform/actor.ts';
import { conflict, forbidden, invalid, notFound } from '#platform/errors.ts';
import { refundPayment } from '#modules/payments';
import { returnsRepository, type ReturnRow } from './returns.repository.ts';
import { assertReturnTransition, type ReturnStatus } from './return-status.ts';

const DECIDERS = ['finance', 'owner'];

async function received(ctx: Ctx, returnId: string): Promise<ReturnRow> {
  if (!DECIDERS.includes(roleOfActor(ctx.actor) ?? ''))
    throw forbidden('only finance and the owner decide refunds');
  const row = await returnsRepository.byIdForUpdate(ctx.db, returnId);
  if (!row) throw notFound('return', returnId);
  return row;
}

/**
 * Finance refunds a received return (CK-5): the returned goods' value by default, or less (a
 * partial refund: the status says so); never more than the goods were paid, nor more than is
 * left of the order's payment. The money goes back through the payment provider, past the
 * sharing gate, under the return's own key: deciding again refunds nothing twice (an already
 * refunded return answers its refund). `returns.refund_issued` tells the shopper.
 */
export async function refundReturn(
  ctx: Ctx,
  returnId: string,
  input: { amountCents?: number | undefined } = {},
): Promise<ReturnRow> {
  const row = await received(ctx, returnId);
  if (row.status === 'refunded' || row.status === 'partially_refunded') return row;
  assertReturnTransition(row.status as ReturnStatus, 'refunded');
  const amount = input.amountCents ?? row.valueCents;
  if (!Number.isInteger(amount) || amount <= 0)
    throw invalid('amountCents must be a whole number above zero');
  if (amount > row.valueCents)
    throw conflict(
      `a refund of this return may be at most ${row.valueCents} cents (what the returned items were paid)`,
    );
  const refunded = await refundPayment(ctx, {
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    amountCents: amount,
    key: `return:${row.id}`,
  });
  const values = {
    status: refunded >= row.valueCents ? 'refunded' : 'partially_refunded',
    refundedCents: refunded,
    decidedAt: ctx.now(),
    decidedBy: actorLabel(ctx.actor),
  };
  await returnsRepository.update(ctx.db, row.id, values);
  await ctx.events.publish('returns.refund_issued', {
    returnId: row.id,
    orderId: row.orderId,
    number: row.orderNumber,
    amountCents: refunded,
    currency: row.currency,
  });
  return { ...row, ...values };
}

/** Finance refuses the refund of a received return, saying why (about the goods, not the person). */
export async function rejectReturn(ctx: Ctx, returnId: string, reason: string): Promise<ReturnRow> {
  const row = await received(ctx, returnId);
  const why = reason.trim();
  if (why.length < 3 || why.length > 300) throw invalid('say why in 3–300 characters');
  assertReturnTransition(row.status as ReturnStatus, 'rejected');
  const values = {
    status: 'rejected',
    rejectionReason: why,
    decidedAt: ctx.now(),
    decidedBy: actorLabel(ctx.actor),
  };
  await returnsRepository.update(ctx.db, row.id, values);
  await ctx.events.publish('returns.refund_refused', { returnId: row.id, orderId: row.orderId });
  return { ...row, ...values };
}
