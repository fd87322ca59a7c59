import type { Ctx } from '#platform/ctx.ts';
import { newId } from '#platform/ids.ts';
import { systemActor } from '#platform/actor.ts';
import { readPersonal } from '#modules/privacy';
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

/**
 * Refunds what is left of an order's charges through the provider and records it (idempotent:
 * the refund's key is the order's, so a retried delivery never refunds twice). Runs after the
 * cancellation committed (the `orders.order_cancelled` event); the provider reference is opened
 * by the system for the purpose `payment`, and audited.
 */
export async function refundOrder(ctx: Ctx, orderId: string): Promise<number> {
  const entries = await paymentsRepository.ofOrder(ctx.db, orderId);
  const charges = entries.filter((e) => e.kind === 'charge');
  const refunded = entries.filter((e) => e.kind === 'refund').reduce((n, e) => n - e.amountCents, 0);
  let left = charges.reduce((n, e) => n + e.amountCents, 0) - refunded;
  const system = { ...ctx, actor: systemActor('payments.refund') };
  for (const charge of charges) {
    if (left <= 0 || !charge.providerRef || !charge.subjectId) continue;
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
    const amount = Math.min(left, charge.amountCents);
    const idempotencyKey = `refund:${ctx.tenant.id}:${orderId}:${charge.id}`;
    const refund = await ctx.payments.refund({ chargeId, amountCents: amount, idempotencyKey });
    await recordRefund(ctx, {
      orderId,
      subjectId: charge.subjectId,
      amountCents: refund.amountCents,
      currency: charge.currency,
      providerRef: refund.refundId,
      idempotencyKey,
    });
    left -= refund.amountCents;
  }
  return left;
}
