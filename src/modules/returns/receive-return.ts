import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import { returnsRepository, type ReturnRow } from './returns.repository.ts';
import { assertReturnTransition } from './return-status.ts';

/**
 * A return parcel arrived at the warehouse (CK-5): the carrier's delivered scan, or the warehouse
 * marking it by hand. The refund review clock starts: due by the end of the store's
 * `refundReviewWorkingDays.max`-th working day (weekends and holidays do not count). Receiving
 * again changes nothing.
 */
export async function receiveReturn(ctx: Ctx, returnId: string): Promise<ReturnRow> {
  const row = await returnsRepository.byIdForUpdate(ctx.db, returnId);
  if (!row) throw notFound('return', returnId);
  if (row.status !== 'requested') return row;
  assertReturnTransition(row.status, 'received');
  const values = {
    status: 'received',
    receivedAt: ctx.now(),
    reviewDueBy: ctx.calendar.addWorkingDays(ctx.tenant.policy.refundReviewWorkingDays.max),
  };
  await returnsRepository.update(ctx.db, row.id, values);
  await ctx.events.publish('returns.return_received', { returnId: row.id, orderId: row.orderId });
  return { ...row, ...values };
}

/** The warehouse (or the owner) marks a return received by hand: a parcel handed in without a scan. */
export async function markReturnReceived(ctx: Ctx, returnId: string): Promise<ReturnRow> {
  const role = roleOfActor(ctx.actor);
  if (role !== 'warehouse' && role !== 'owner')
    throw forbidden('only the warehouse and the owner receive returns');
  return receiveReturn(ctx, returnId);
}
