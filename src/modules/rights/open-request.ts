import type { Ctx } from '#platform/ctx.ts';
import { newId, newReference } from '#platform/ids.ts';
import { invalid } from '#platform/errors.ts';
import { readOwnProfile } from '#modules/accounts';
import { rightsRepository } from './rights.repository.ts';
import { requestClock } from './request-clock.ts';
import type { RequestKind, RequestStatus } from './request-status.ts';
import { actorFor, mainSubjectOf, type Requester } from './requester.ts';
import { orderConfirmationFacts } from '#modules/orders';

/** The longest message a requester can write. */
export const MESSAGE_MAX = 4000;

/** A request as opened: what the requester can quote and when it is due. */
export interface OpenedRequest {
  id: string;
  reference: string;
  kind: RequestKind;
  status: RequestStatus;
  receivedAt: Date;
  dueAt: Date;
}

/**
 * Records a request with its clock (DR-8): the requester's words and the address the answer goes
 * to are sealed under their subject key (a visitor gets a subject of their own, so their words
 * can be erased too). Self-service requests are recorded already done, with their receipt.
 */
export async function openRequest(
  ctx: Ctx,
  requester: Requester,
  input: {
    kind: RequestKind;
    message?: string | undefined;
    contactEmail?: string | undefined;
    status?: RequestStatus;
    receipt?: unknown;
  },
): Promise<OpenedRequest> {
  const message = input.message?.trim();
  if (message !== undefined && message.length > MESSAGE_MAX)
    throw invalid(`the message is longer than ${MESSAGE_MAX} characters`);
  const now = ctx.now();
  const id = newId('req', now);
  const subjectId = mainSubjectOf(requester) ?? newId('vis', now);
  // Members are answered at their account's address, read now; guests and visitors gave one.
  const contactEmail =
    requester.kind === 'member'
      ? (await readOwnProfile(ctx))?.email
      : requester.kind === 'guest'
        ? (
            await orderConfirmationFacts(
              { ...ctx, actor: actorFor(requester, requester.subjectId) },
              requester.orderId,
            )
          )?.view.contactEmail
        : input.contactEmail;
  const sealed = await ctx.vault.seal(ctx, subjectId, 'rights.request', id, {
    contact_email: contactEmail ?? null,
    message: message || null,
  });
  const clock = requestClock(ctx, input.kind, now);
  const status = input.status ?? 'received';
  const done = status === 'completed' || status === 'refused';
  const reference = newReference('PR');
  await rightsRepository.insert(ctx.db, {
    id,
    tenantId: ctx.tenant.id,
    reference,
    kind: input.kind,
    requester: requester.kind,
    subjectId,
    contactEmail: sealed.contact_email ?? null,
    message: sealed.message ?? null,
    status,
    receivedAt: now,
    dueAt: clock.dueAt,
    legalDueAt: clock.legalDueAt,
    clock: clock.clock,
    closedAt: done ? now : null,
    receipt: input.receipt ?? null,
    updatedAt: now,
  });
  await ctx.audit.record(ctx, {
    action: 'change',
    subjectId,
    table: 'rights.request',
    purpose: 'privacy_requests',
    detail: { request: id, kind: input.kind },
  });
  return { id, reference, kind: input.kind, status, receivedAt: now, dueAt: clock.dueAt };
}
