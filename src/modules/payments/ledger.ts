import type { Ctx } from '#platform/ctx.ts';
import { newId } from '#platform/ids.ts';
import { systemActor } from '#platform/actor.ts';
import { conflict, invalid } from '#platform/errors.ts';
import { readPersonal, releaseShare } from '#modules/privacy';
import { paymentsRepository } from './payments.repository.ts';

/** A charge or refund to record. */
export interface LedgerInput {
  orderId: string;
  /** The subject whose key seals the provider reference (the order's). */
  subjectId: string;
  amountCents: number;
  currency: string;
  /** The provider's charge or refund id. */
  providerRef: string;
  /** One entry per attempt: recording the same attempt again changes nothing. */
  idempotencyKey: string;
}

async function record(ctx: Ctx, kind: 'charge' | 'refund', input: LedgerInput): Promise<void> {
  const id = newId(kind === 'charge' ? 'chg' : 'rfd', ctx.now());
  const sealed = await ctx.vault.seal(ctx, input.subjectId, 'payments.ledger_entry', id, {
    provider_ref: input.providerRef,
  });
  await paymentsRepository.insertOnce(ctx.db, {
    id,
    orderId: input.orderId,
    kind,
    amountCents: kind === 'refund' ? -Math.abs(input.amountCents) : input.amountCents,
    currency: input.currency,
    provider: ctx.payments.name,
    providerRef: sealed.provider_ref,
    subjectId: input.subjectId,
    idempotencyKey: input.idempotencyKey,
    createdAt: ctx.now(),
  });
}

/** Records a successful charge in the payments ledger. */
export function recordCharge(ctx: Ctx, input: LedgerInput): Promise<void> {
  return record(ctx, 'charge', input);
}

/** Records a refund (stored as a negative amount) in the payments ledger. */
export function recordRefund(ctx: Ctx, input: LedgerInput): Promise<void> {
  return record(ctx, 'refund', input);
}

/** An order's ledger: amounts and kinds (what finance sees; references stay sealed). */
export async function ledgerOf(
  ctx: Ctx,
  orderId: string,
): Promise<{ kind: string; amountCents: number; currency: string; provider: string; at: Date }[]> {
  const rows = await paymentsRepository.ofOrder(ctx.db, orderId);
  return rows.map((r) => ({
    kind: r.kind,
    amountCents: r.amountCents,
    currency: r.currency,
    provider: r.provider,
    at: r.createdAt,
  }));
}

/** What an order was charged and has been refunded, in cents. */
export async function refundableOf(
  ctx: Ctx,
  orderId: string,
): Promise<{ charged: number; refunded: number; left: number; currency: string | undefined }> {
  const entries = await paymentsRepository.ofOrder(ctx.db, orderId);
  const charged = entries.filter((e) => e.kind === 'charge').reduce((n, e) => n + e.amountCents, 0);
  const refunded = entries.filter((e) => e.kind === 'refund').reduce((n, e) => n - e.amountCents, 0);
  return { charged, refunded, left: charged - refunded, currency: entries[0]?.currency };
}

/**
 * Gives money back on an order through the payment provider (CK-5, SH-2): never more than is
 * left of what was charged (a conflict otherwise), spread over its charges; each refund passes
 * the sharing gate (the provider's own charge reference, the amount, the currency and the order
 * number — nothing else) and is recorded once per `key`: calling again with the same key (a
 * retry, a double click) refunds nothing more and answers what that key refunded. The charge
 * reference is opened by the system for `payment` (audited). Returns the cents refunded under
 * the key.
 */
export async function refundPayment(
  ctx: Ctx,
  input: { orderId: string; orderNumber: string; amountCents: number; key: string },
): Promise<number> {
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0)
    throw invalid('a refund is a whole number of cents above zero');
  const entries = await paymentsRepository.ofOrder(ctx.db, input.orderId);
  const keyPrefix = `refund:${ctx.tenant.id}:${input.key}:`;
  const earlier = entries.filter((e) => e.kind === 'refund' && e.idempotencyKey.startsWith(keyPrefix));
  if (earlier.length > 0) return earlier.reduce((n, e) => n - e.amountCents, 0);
  const { left } = await refundableOf(ctx, input.orderId);
  if (input.amountCents > left)
    throw conflict(
      `only ${left} cents of this order's payment are left to refund; ${input.amountCents} is more than was paid`,
    );
  const system = { ...ctx, actor: systemActor('payments.refund') };
  let owed = input.amountCents;
  for (const charge of entries.filter((e) => e.kind === 'charge')) {
    if (owed <= 0) break;
    if (!charge.providerRef || !charge.subjectId) continue;
    const alreadyOff = entries
      .filter((e) => e.kind === 'refund' && e.idempotencyKey.endsWith(`:${charge.id}`))
      .reduce((n, e) => n - e.amountCents, 0);
    const room = charge.amountCents - alreadyOff;
    if (room <= 0) continue;
    const { provider_ref: chargeId } = await readPersonal(
      system,
      {
        table: 'payments.ledger_entry',
        rowId: charge.id,
        subjectId: charge.subjectId,
        values: { provider_ref: charge.providerRef },
      },
      'payment',
    );
    if (!chargeId) continue;
    const amount = Math.min(owed, room);
    const permit = await releaseShare(system, {
      recipient: 'payment_provider',
      purpose: 'payment',
      ref: input.orderNumber,
      payload: {
        'payments.ledger_entry.provider_ref': chargeId,
        amount_cents: amount,
        currency: charge.currency,
        order_ref: input.orderNumber,
      },
    });
    const idempotencyKey = `${keyPrefix}${charge.id}`;
    const refund = await ctx.payments.refund({
      chargeId: permit.payload['payments.ledger_entry.provider_ref'],
      amountCents: permit.payload.amount_cents,
      idempotencyKey,
    });
    await recordRefund(ctx, {
      orderId: input.orderId,
      subjectId: charge.subjectId,
      amountCents: refund.amountCents,
      currency: charge.currency,
      providerRef: refund.refundId,
      idempotencyKey,
    });
    owed -= refund.amountCents;
  }
  return input.amountCents - owed;
}

/**
 * Refunds what is left of an order's charges (a cancelled order), through the same gated path;
 * idempotent by order. Runs after the cancellation committed (the `orders.order_cancelled` event).
 */
export async function refundOrder(ctx: Ctx, orderId: string, orderNumber: string): Promise<number> {
  const { left } = await refundableOf(ctx, orderId);
  if (left <= 0) return 0;
  return refundPayment(ctx, { orderId, orderNumber, amountCents: left, key: `cancel:${orderId}` });
}
