import type { Ctx } from '#platform/ctx.ts';
import type { SubjectReceipt } from '#modules/privacy';
import { rightsRepository } from './rights.repository.ts';
import { openDetail, type RequestDetail } from './handle-requests.ts';
import { openRequest, type OpenedRequest } from './open-request.ts';
import { actorFor, subjectsOf, type Requester } from './requester.ts';
import { WRITTEN_KINDS, type WrittenKind } from './request-status.ts';
import { withdrawConsent } from './restrict-processing.ts';

/** The requester's requests with the store's answers, newest first (read as the subject). */
export async function myRequests(ctx: Ctx, requester: Requester): Promise<RequestDetail[]> {
  const out: RequestDetail[] = [];
  for (const row of await rightsRepository.ofSubjects(ctx.db, subjectsOf(requester)))
    out.push(await openDetail({ ...ctx, actor: actorFor(requester, row.subjectId!) }, row));
  return out;
}

/**
 * A written request for compliance (DR-7): a complaint, a correction, an objection or a question,
 * from a member, a verified guest, or — a complaint — any visitor with an address to answer.
 */
export async function writeRequest(
  ctx: Ctx,
  requester: Requester,
  input: { kind: WrittenKind; message: string; contactEmail?: string | undefined },
): Promise<OpenedRequest> {
  if (!WRITTEN_KINDS.includes(input.kind)) throw new Error(`'${input.kind}' is not a written request`);
  // An objection takes effect at once (DR-5): personalisation stops before anyone reads it.
  if (input.kind === 'objection' && requester.kind !== 'visitor')
    return withdrawConsent(ctx, requester, 'objection', input.message);
  return openRequest(ctx, requester, input);
}

/**
 * Erases a verified guest's data (DR-4, DR-6): each of their guest orders' subjects is erased as
 * a member's account would be (orders keep items and amounts about nobody; keys destroyed).
 */
export async function eraseGuest(
  ctx: Ctx,
  requester: Requester & { kind: 'guest' },
): Promise<{ request: OpenedRequest; receipt: SubjectReceipt }> {
  const request = await openRequest(ctx, requester, { kind: 'erasure', status: 'in_progress' });
  const receipt: SubjectReceipt = {
    request: request.id,
    at: ctx.now().toISOString(),
    rows: {},
    keysDestroyed: 0,
  };
  for (const s of requester.subjectIds) {
    const r = await ctx.subjectData.erase(ctx, s, request.id);
    for (const [m, n] of Object.entries(r.rows)) receipt.rows[m] = (receipt.rows[m] ?? 0) + n;
    receipt.keysDestroyed += r.keysDestroyed;
  }
  await rightsRepository.update(ctx.db, request.id, {
    status: 'completed',
    closedAt: ctx.now(),
    receipt,
    updatedAt: ctx.now(),
  });
  return { request: { ...request, status: 'completed' }, receipt };
}
