import type { Ctx } from '#platform/ctx.ts';
import { confirmOwnPassword } from '#modules/accounts';
import type { SubjectReceipt } from '#modules/privacy';
import { openRequest, type OpenedRequest } from './open-request.ts';
import { rightsRepository } from './rights.repository.ts';
import { memberRequester } from './requester.ts';

/**
 * Cancels the signed-in member's account (DR-4), confirmed with their password: every module
 * erases or anonymises what it holds (orders keep items and amounts about nobody), the member's
 * data key is destroyed, and the request is recorded done with its receipt — counts only, and no
 * link to the person any more. One transaction: all of it, or nothing.
 */
export async function cancelAccount(
  ctx: Ctx,
  password: string,
): Promise<{ request: OpenedRequest; receipt: SubjectReceipt }> {
  const requester = memberRequester(ctx);
  await confirmOwnPassword(ctx, password);
  const request = await openRequest(ctx, requester, { kind: 'erasure', status: 'in_progress' });
  const receipt = await ctx.subjectData.erase(ctx, requester.subjectId, request.id);
  await rightsRepository.update(ctx.db, request.id, {
    status: 'completed',
    closedAt: ctx.now(),
    receipt,
    updatedAt: ctx.now(),
  });
  return { request: { ...request, status: 'completed' }, receipt };
}
