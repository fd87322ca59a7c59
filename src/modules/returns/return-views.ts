import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import { readPersonal, visibilityOfColumn } from '#modules/privacy';
import { returnsRepository, type ReturnRow } from './returns.repository.ts';
import {
  RETURN_REASONS,
  RETURN_STATUS_LABELS,
  type ReturnReason,
  type ReturnStatus,
} from './return-status.ts';
import type { ReturnLine } from './returns.schema.ts';

/** A return as the shopper or a staff role sees it; amounts are absent where the role may not see them. */
export interface ReturnView {
  id: string;
  orderNumber: string;
  status: ReturnStatus;
  statusLabel: string;
  reason: ReturnReason;
  reasonLabel: string;
  /** The shopper's own words: undefined when hidden from the reader, null when there are none. */
  note: string | null | undefined;
  lines: ReturnLine[];
  currency: string;
  valueCents: number | undefined;
  refundedCents: number | undefined;
  requestedAt: Date;
  receivedAt: Date | null;
  reviewDueBy: Date | null;
  reviewLate: boolean;
  decidedAt: Date | null;
  rejectionReason: string | null;
}

async function toView(
  ctx: Ctx,
  row: ReturnRow,
  purpose: 'customer_service' | 'order_updates',
): Promise<ReturnView> {
  const { note } = await readPersonal(
    ctx,
    { table: 'returns.return_request', rowId: row.id, subjectId: row.subjectId, values: { note: row.note } },
    purpose === 'order_updates' ? 'customer_service' : purpose,
  );
  const amounts =
    visibilityOfColumn(ctx, 'returns.return_request.value_cents', 'payment', row.subjectId) !== 'hidden';
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    status: row.status as ReturnStatus,
    statusLabel: RETURN_STATUS_LABELS[row.status as ReturnStatus],
    reason: row.reason as ReturnReason,
    reasonLabel: RETURN_REASONS[row.reason as ReturnReason] ?? row.reason,
    note,
    lines: row.lines,
    currency: row.currency,
    valueCents: amounts ? row.valueCents : undefined,
    refundedCents: amounts ? row.refundedCents : undefined,
    requestedAt: row.requestedAt,
    receivedAt: row.receivedAt,
    reviewDueBy: row.reviewDueBy,
    reviewLate: row.reviewLateSince !== null && row.status === 'received',
    decidedAt: row.decidedAt,
    rejectionReason: row.rejectionReason,
  };
}

/** The returns of one order, for its shopper's pages (the caller decided they may open the order). */
export async function returnsOfOrder(ctx: Ctx, orderId: string): Promise<ReturnView[]> {
  const rows = await returnsRepository.ofOrder(ctx.db, orderId);
  return Promise.all(rows.map((r) => toView(ctx, r, 'order_updates')));
}

const STAFF = ['warehouse', 'customer_service', 'finance', 'owner', 'compliance'];

const assertHandlesReturns = (ctx: Ctx) => {
  if (!STAFF.includes(roleOfActor(ctx.actor) ?? '')) throw forbidden('this role does not handle returns');
};

/** One return as a staff role sees it (after an action on it); not found when it does not exist. */
export async function returnForStaff(ctx: Ctx, returnId: string): Promise<ReturnView> {
  assertHandlesReturns(ctx);
  const row = await returnsRepository.byId(ctx.db, returnId);
  if (!row) throw notFound('return', returnId);
  return toView(ctx, row, 'customer_service');
}

/** Whether a return belongs to an order (its shopper's pages check before showing its label); reads nothing personal. */
export async function isReturnOfOrder(ctx: Ctx, orderId: string, returnId: string): Promise<boolean> {
  return (await returnsRepository.byId(ctx.db, returnId))?.orderId === orderId;
}

/**
 * Recent returns for the back office: the warehouse (to receive them), customer service and
 * finance (the review clock; finance decides), the owner and compliance. Each reads what the
 * inventory allows its role (the warehouse sees no amounts; the note only customer service and
 * compliance). Late reviews are flagged.
 */
export async function recentReturns(ctx: Ctx, limit = 50): Promise<ReturnView[]> {
  assertHandlesReturns(ctx);
  const rows = await returnsRepository.recent(ctx.db, Math.min(Math.max(limit, 1), 200));
  return Promise.all(rows.map((r) => toView(ctx, r, 'customer_service')));
}
