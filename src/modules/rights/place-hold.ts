import type { Ctx } from '#platform/ctx.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { placeLegalHold, type HoldBasis, type LegalHoldView } from '#modules/privacy';
import { subjectsOfOrderNumber } from '#modules/orders';
import { memberByEmail } from '#modules/accounts';

/** Whom a legal hold is about, as a court order or an authority names them. */
export type HoldTarget = { orderNumber: string } | { memberEmail: string };

/**
 * Places a legal hold (RT-5) on the people an order is about (by its number: the member who placed
 * it, or the guest) or on a member (by their exact e-mail, found through the blind index). A
 * member's hold covers their whole account.
 */
export async function placeHold(
  ctx: Ctx,
  target: HoldTarget,
  why: { basis: HoldBasis; reference: string },
): Promise<LegalHoldView[]> {
  let subjects: string[];
  if ('orderNumber' in target) {
    subjects = await subjectsOfOrderNumber(ctx, target.orderNumber);
    if (subjects.length === 0) throw notFound('order', target.orderNumber);
  } else {
    const member = await memberByEmail(ctx, target.memberEmail);
    // The address is not repeated in the answer: it may be a person's.
    if (!member) throw notFound('member with that e-mail address');
    subjects = [member];
  }
  return placeLegalHold(ctx, subjects, why);
}

/** The target of a form or request that gives an order number or a member e-mail, exactly one. */
export function holdTargetOf(input: {
  orderNumber?: string | undefined;
  memberEmail?: string | undefined;
}): HoldTarget {
  const order = input.orderNumber?.trim();
  const email = input.memberEmail?.trim();
  if (order && email) throw invalid('give an order number or a member’s e-mail address, not both');
  if (order) return { orderNumber: order };
  if (email) return { memberEmail: email };
  throw invalid('give an order number or a member’s e-mail address', {
    fields: { orderNumber: 'or memberEmail' },
  });
}
