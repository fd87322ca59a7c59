import type { Ctx } from '#platform/ctx.ts';
import { conflict, forbidden, invalid, notFound } from '#platform/errors.ts';
import { readPersonal } from '#modules/privacy';
import { queueEmail } from '#modules/notifications';
import { rightsRepository, type RequestRow } from './rights.repository.ts';
import {
  assertRequestTransition,
  isOpen,
  REQUEST_KINDS,
  REQUEST_STATUS_LABELS,
  type RequestKind,
  type RequestStatus,
} from './request-status.ts';
import { MESSAGE_MAX } from './open-request.ts';

/** A request as the compliance queue lists it: facts and clock, never what anyone wrote. */
export interface RequestSummary {
  id: string;
  reference: string;
  kind: RequestKind;
  kindLabel: string;
  requester: string;
  status: RequestStatus;
  statusLabel: string;
  receivedAt: Date;
  dueAt: Date;
  legalDueAt: Date;
  clock: string;
  overdue: boolean;
  escalatedAt: Date | null;
  closedAt: Date | null;
  assignedTo: string | null;
  receipt: unknown;
}

/** A request opened for compliance, or for its requester: with the words and the answer. */
export interface RequestDetail extends RequestSummary {
  message: string | null;
  reply: string | null;
  contactEmail: string | null | undefined;
}

export function summarise(ctx: Ctx, r: RequestRow): RequestSummary {
  const status = r.status as RequestStatus;
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind as RequestKind,
    kindLabel: REQUEST_KINDS[r.kind as RequestKind] ?? r.kind,
    requester: r.requester,
    status,
    statusLabel: REQUEST_STATUS_LABELS[status],
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    legalDueAt: r.legalDueAt,
    clock: r.clock,
    overdue: isOpen(status) && r.dueAt < ctx.now(),
    escalatedAt: r.escalatedAt,
    closedAt: r.closedAt,
    assignedTo: r.assignedTo,
    receipt: r.receipt,
  };
}

/** Opens a request's words for the actor (the requester themself, or compliance; audited). */
export async function openDetail(ctx: Ctx, r: RequestRow): Promise<RequestDetail> {
  const opened = await readPersonal(
    ctx,
    {
      table: 'rights.request',
      rowId: r.id,
      subjectId: r.subjectId,
      values: { message: r.message, reply: r.reply, contact_email: r.contactEmail },
    },
    'privacy_requests',
  );
  return {
    ...summarise(ctx, r),
    message: opened.message ?? null,
    reply: opened.reply ?? null,
    contactEmail: opened.contact_email,
  };
}

/** The compliance queue (DR-7, DR-8): open requests soonest due first, or the closed ones. */
export async function requestQueue(ctx: Ctx, open = true): Promise<RequestSummary[]> {
  return (await rightsRepository.queue(ctx.db, open, 200)).map((r) => summarise(ctx, r));
}

async function found(ctx: Ctx, id: string): Promise<RequestRow> {
  const row = await rightsRepository.byId(ctx.db, id);
  if (!row) throw notFound('request', id);
  return row;
}

/** One request for compliance, with the requester's words (the read is audited). */
export async function requestForStaff(ctx: Ctx, id: string): Promise<RequestDetail> {
  return openDetail(ctx, await found(ctx, id));
}

/** Takes a request: it is assigned to the acting compliance specialist and is being handled. */
export async function assignRequest(ctx: Ctx, id: string): Promise<RequestSummary> {
  if (ctx.actor.kind !== 'staff') throw forbidden('only a staff member takes a request');
  const row = await found(ctx, id);
  if (!isOpen(row.status)) throw conflict('this request is closed');
  const status: RequestStatus = 'in_progress';
  assertRequestTransition(row.status as RequestStatus, status);
  await rightsRepository.update(ctx.db, id, { assignedTo: ctx.actor.staffId, status, updatedAt: ctx.now() });
  return summarise(ctx, { ...row, assignedTo: ctx.actor.staffId, status });
}

/**
 * Answers a request (DR-7): the reply is sealed under the requester's key, the request is done
 * (or refused, with the reason in the reply), and the reply is e-mailed to the requester and shown
 * on their privacy page. A request whose requester was erased cannot be answered by e-mail.
 */
export async function answerRequest(
  ctx: Ctx,
  id: string,
  input: { reply: string; outcome: 'completed' | 'refused' },
): Promise<RequestSummary> {
  const reply = input.reply.trim();
  if (reply.length < 2) throw invalid('write the answer the requester will read');
  if (reply.length > MESSAGE_MAX) throw invalid(`the answer is longer than ${MESSAGE_MAX} characters`);
  const row = await found(ctx, id);
  if (!isOpen(row.status)) throw conflict('this request was already answered');
  if (!row.subjectId) throw conflict('the requester was erased; there is nobody to answer');
  assertRequestTransition(row.status as RequestStatus, input.outcome);
  const detail = await openDetail(ctx, row);
  const sealed = await ctx.vault.seal(ctx, row.subjectId, 'rights.request', row.id, { reply });
  const assignedTo = row.assignedTo ?? (ctx.actor.kind === 'staff' ? ctx.actor.staffId : null);
  await rightsRepository.update(ctx.db, id, {
    reply: sealed.reply,
    status: input.outcome,
    closedAt: ctx.now(),
    assignedTo,
    updatedAt: ctx.now(),
  });
  if (detail.contactEmail)
    await queueEmail(ctx, {
      subjectId: row.subjectId,
      template: 'privacy_reply',
      recipient: detail.contactEmail,
      body: [
        `${ctx.tenant.name} answered your request ${row.reference} (${REQUEST_KINDS[row.kind as RequestKind] ?? row.kind}):`,
        '',
        reply,
        '',
        `You can also read it on the privacy page: ${ctx.storeUrl}/privacy/requests`,
      ].join('\n'),
    });
  return summarise(ctx, { ...row, status: input.outcome, closedAt: ctx.now(), assignedTo });
}

/**
 * The `rights.escalate-overdue` job (design §8): an open request past its deadline is escalated
 * once — marked, audited, and shown first and in red in the compliance queue and the owner's
 * dashboard. Counts only.
 */
export async function escalateOverdue(ctx: Ctx): Promise<Record<string, number>> {
  const rows = await rightsRepository.overdue(ctx.db, ctx.now());
  for (const r of rows) {
    await rightsRepository.update(ctx.db, r.id, { escalatedAt: ctx.now(), updatedAt: ctx.now() });
    await ctx.audit.record(ctx, {
      action: 'change',
      table: 'rights.request',
      purpose: 'privacy_requests',
      detail: { request: r.id, escalated: 1 },
    });
  }
  return { escalated: rows.length };
}
