import type { Ctx } from '#platform/ctx.ts';
import { lookUpOrder } from './view-order.ts';
import { ordersRepository } from './orders.repository.ts';

/** What a guest who proved an order number and its e-mail address may act on (DR-6). */
export interface GuestOrderSubjects {
  orderId: string;
  /** The named order's subject. */
  subjectId: string;
  /** Every guest order's subject with the same e-mail address (the named one first). */
  subjectIds: string[];
}

/**
 * The subjects of a guest's orders, once the order number and the e-mail given at checkout match
 * (compared through the blind index, as the order lookup does; a wrong pair is a 404 that says
 * nothing more). A member's orders are not a guest's: members act from their account.
 */
export async function guestOrderSubjects(
  ctx: Ctx,
  typedNumber: string,
  email: string,
): Promise<GuestOrderSubjects | undefined> {
  let found: { orderId: string };
  try {
    found = await lookUpOrder(ctx, typedNumber, email, { grant: false });
  } catch {
    return undefined;
  }
  const row = await ordersRepository.byId(ctx.db, found.orderId);
  if (!row?.subjectId || row.customerId) return undefined;
  const index = await ctx.vault.blindIndex(ctx, 'orders.order.contact_email_index', email, 'email');
  const others = await ordersRepository.guestSubjectsByEmailIndex(ctx.db, index);
  return {
    orderId: row.id,
    subjectId: row.subjectId,
    subjectIds: [row.subjectId, ...others.filter((s) => s !== row.subjectId)],
  };
}
