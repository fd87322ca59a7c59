import type { Ctx } from '#platform/ctx.ts';
import { returnsRepository } from './returns.repository.ts';

/**
 * The refund review watch (CK-5), a job of every store: received returns not decided by the end
 * of the review's last working day are flagged (once) for finance and customer service, and
 * announced (`returns.review_late`).
 */
export async function watchRefundReviews(ctx: Ctx): Promise<Record<string, number>> {
  const late = await returnsRepository.flagLateReviews(ctx.db, ctx.now());
  for (const row of late)
    await ctx.events.publish('returns.review_late', { returnId: row.id, orderId: row.orderId });
  return { flaggedLate: late.length };
}
