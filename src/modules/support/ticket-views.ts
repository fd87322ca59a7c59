import type { Ctx } from '#platform/ctx.ts';
import { roleOfActor } from '#platform/actor.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import { systemActor } from '#platform/actor.ts';
import { readPersonal } from '#modules/privacy';
import { supportRepository, type TicketRow } from './support.repository.ts';
import { TICKET_STATUS_LABELS, TICKET_TOPICS, type TicketStatus, type TicketTopic } from './ticket-status.ts';

/** A case as its reader sees it. */
export interface TicketView {
  id: string;
  orderNumber: string;
  topic: TicketTopic;
  topicLabel: string;
  status: TicketStatus;
  statusLabel: string;
  assignedToMe: boolean;
  assigned: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Present when the case is opened (not in the queue's list). */
  messages?: {
    from: 'shopper' | 'customer service' | 'the store';
    author: string;
    body: string | null;
    at: Date;
  }[];
}

const head = (ctx: Ctx, row: TicketRow): TicketView => ({
  id: row.id,
  orderNumber: row.orderNumber,
  topic: row.topic as TicketTopic,
  topicLabel: TICKET_TOPICS[row.topic as TicketTopic] ?? row.topic,
  status: row.status as TicketStatus,
  statusLabel: TICKET_STATUS_LABELS[row.status as TicketStatus] ?? row.status,
  assigned: row.assignedTo !== null,
  assignedToMe: ctx.actor.kind === 'staff' && row.assignedTo === ctx.actor.staffId,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

async function withMessages(ctx: Ctx, row: TicketRow): Promise<TicketView> {
  const messages = [];
  for (const m of await supportRepository.messages(ctx.db, row.id)) {
    const { body } = await readPersonal(
      ctx,
      { table: 'support.ticket_message', rowId: m.id, subjectId: m.subjectId, values: { body: m.body } },
      'customer_service',
    );
    messages.push({
      from:
        m.author === 'shopper'
          ? ('shopper' as const)
          : m.author.startsWith('staff:')
            ? ('customer service' as const)
            : ('the store' as const),
      author: m.author,
      body: body ?? null,
      at: m.at,
    });
  }
  return { ...head(ctx, row), messages };
}

/** The cases of one order with their messages, for its shopper (the caller decided they may open it). */
export async function ticketsOfOrder(ctx: Ctx, orderId: string): Promise<TicketView[]> {
  const rows = await supportRepository.ofOrder(ctx.db, orderId);
  return Promise.all(rows.map((r) => withMessages(ctx, r)));
}

const QUEUE_ROLES = ['customer_service', 'owner', 'compliance'];

/**
 * Customer service's queue (CK-6, AC-3): open and answered cases, oldest activity first — order
 * number, topic, status, assignment; no message and no contact detail (those are read one case at
 * a time, audited).
 */
export async function ticketQueue(ctx: Ctx, limit = 100): Promise<TicketView[]> {
  if (!QUEUE_ROLES.includes(roleOfActor(ctx.actor) ?? '')) throw forbidden('this role does not handle cases');
  const rows = await supportRepository.queue(ctx.db, ['open', 'answered'], Math.min(Math.max(limit, 1), 200));
  return rows.map((r) => head(ctx, r));
}

/** One case with its messages, for customer service (the case at hand; every message read is audited). */
export async function ticketForStaff(ctx: Ctx, ticketId: string): Promise<TicketView & { orderId: string }> {
  if (!QUEUE_ROLES.includes(roleOfActor(ctx.actor) ?? '')) throw forbidden('this role does not handle cases');
  const row = await supportRepository.byIdForUpdate(ctx.db, ticketId);
  if (!row) throw notFound('case', ticketId);
  return { ...(await withMessages(ctx, row)), orderId: row.orderId };
}

/** A staff reply's text, read by the mail relay's system actor to e-mail it (audited). */
export async function replyForMail(
  ctx: Ctx,
  ticketId: string,
  messageId: string,
): Promise<{ orderNumber: string; body: string } | undefined> {
  const system = { ...ctx, actor: systemActor('notifications.ticket-reply') };
  const row = await supportRepository.byIdForUpdate(ctx.db, ticketId);
  const message = row
    ? (await supportRepository.messages(ctx.db, row.id)).find((m) => m.id === messageId)
    : undefined;
  if (!row || !message) return undefined;
  const { body } = await readPersonal(
    system,
    {
      table: 'support.ticket_message',
      rowId: message.id,
      subjectId: message.subjectId,
      values: { body: message.body },
    },
    'customer_service',
  );
  return body ? { orderNumber: row.orderNumber, body } : undefined;
}
