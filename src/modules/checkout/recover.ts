import type { Ctx } from '#platform/ctx.ts';
import { orderFacts } from '#modules/orders';
import { checkoutRepository } from './checkout.repository.ts';
import { abandonCheckout, completePaidCheckout } from './place-order.ts';

/** How long a submission may stay `charging` before the recovery job settles it. */
export const STALE_CHARGING_MINUTES = 10;

/** How long a settled submission is kept to answer a repeated Idempotency-Key. */
export const SUBMISSION_DAYS = 1;

/**
 * The `checkout.recover` job: a checkout interrupted between charging and recording (the process
 * died) is settled from what the provider says about its charge key — charged: the order is
 * completed (ledger, `paid`, e-mail); not charged: the order is discarded and its stock freed.
 * Asks the provider inside the job's transaction: the question moves no money and is idempotent.
 */
export async function recoverStaleCheckouts(ctx: Ctx): Promise<Record<string, number>> {
  const before = ctx.calendar.before({ minutes: STALE_CHARGING_MINUTES });
  let completed = 0;
  let undone = 0;
  for (const s of await checkoutRepository.staleCharging(ctx.db, before, 100)) {
    const chargeKey = `${ctx.tenant.id}:${s.idempotencyKey}:${s.orderId}`;
    const outcome = await ctx.payments.findCharge(chargeKey);
    const facts = await orderFacts(ctx, s.orderId);
    if (outcome?.status === 'succeeded' && facts?.status === 'awaiting_payment' && facts.subjectId) {
      await completePaidCheckout(
        ctx,
        {
          key: s.idempotencyKey,
          orderId: s.orderId,
          number: facts.number,
          lines: facts.lines,
          subjectId: facts.subjectId,
          cartId: s.cartId,
          totalCents: facts.totalCents,
          currency: facts.currency,
        },
        outcome.chargeId,
        chargeKey,
      );
      completed++;
    } else {
      await abandonCheckout(ctx, { key: s.idempotencyKey, orderId: s.orderId });
      undone++;
    }
  }
  const purged = await checkoutRepository.deleteOlderThan(
    ctx.db,
    ctx.calendar.before({ days: SUBMISSION_DAYS }),
  );
  return { completed, undone, purged };
}
