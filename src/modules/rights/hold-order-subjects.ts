import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { placeLegalHold, type HoldBasis, type LegalHoldView } from '#modules/privacy';
import { subjectsOfOrderNumber } from '#modules/orders';

/**
 * Places a legal hold (RT-5) on the people an order is about, by its number — what a court order
 * or an authority's request names. A member's hold covers their whole account.
 */
export async function holdOrderSubjects(
  ctx: Ctx,
  orderNumber: string,
  why: { basis: HoldBasis; reference: string },
): Promise<LegalHoldView[]> {
  const subjects = await subjectsOfOrderNumber(ctx, orderNumber);
  if (subjects.length === 0) throw notFound('order', orderNumber);
  return placeLegalHold(ctx, subjects, why);
}
