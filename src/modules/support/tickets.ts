import type { Ctx } from '#platform/ctx.ts';
import { actorLabel, roleOfActor } from '#platform/actor.ts';
import { forbidden, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { orderFacts, viewOrder } from '#modules/orders';
import { supportRepository, type TicketRow } from './support.repository.ts';
import { assertTicketTransition, TICKET_TOPICS, type TicketStatus } from './ticket-status.ts';

/** The longest message of a case. */
export const TICKET_MESSAGE_MAX = 2000;

/** Roles that handle cases. */
export const CASE_ROLES = ['customer_service', 'owner'] as const;

function cleanMessage(text: string): string {
  const body = text.trim();
  if (body.length < 2) throw invalid('write a message (at least 2 characters)');
  if (body.length > TICKET_MESSAGE_MAX)
    throw invalid(`a message may be at most ${TICKET_MESSAGE_MAX} characters`);
  return body;
}

async function addMessage(ctx: Ctx, row: Pick<TicketRow, 'id' | 'subjectId'>, author: string, body: string) {
  const id = newId('tkm', ctx.now());
  const sealed = await ctx.vault.seal(ctx, row.subjectId, 'support.ticket_message', id, { body });
  await supportRepository.insertMessage(ctx.db, {
    id,
    ticketId: row.id,
    subjectId: row.subjectId,
    author,
    body: sealed.body!,
    at: ctx.now(),
  });
  return id;
}

async function moveTo(ctx: Ctx, row: TicketRow, status: TicketStatus, extra: { assignedTo?: string } = {}) {
  assertTicketTransition(row.status as TicketStatus, status);
  await supportRepository.update(ctx.db, row.id, { status, updatedAt: ctx.now(), ...extra });
}

/**
 * A shopper asks about their order (CK-6): the member who placed it or the holder of its access
 * grant; anyone else: not found. The case is linked to the order, its first message sealed.
 */
export async function openTicket(
  ctx: Ctx,
  typedNumber: string,
  input: { topic: string; message: string },
): Promise<{ id: string }> {
  const order = await viewOrder(ctx, typedNumber);
  if (!(input.topic in TICKET_TOPICS))
    throw invalid(`topic must be one of: ${Object.keys(TICKET_TOPICS).join(', ')}`);
  const body = cleanMessage(input.message);
  const subjectId = (await orderFacts(ctx, order.id))?.subjectId;
  if (!subjectId) throw notFound('order', typedNumber);
  const id = newId('tkt', ctx.now());
  await supportRepository.insertTicket(ctx.db, {
    id,
    orderId: order.id,
    orderNumber: order.number,
    subjectId,
    topic: input.topic,
    status: 'open',
    assignedTo: null,
    openedBy: 'shopper',
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
  });
  await addMessage(ctx, { id, subjectId }, 'shopper', body);
  await ctx.events.publish('support.ticket_opened', { ticketId: id, orderId: order.id });
  return { id };
}

/**
 * A logistics exception opens a case by itself (CK-6): the delivery watch found a parcel late.
 * The order's open logistics case, if any, gets the new message instead.
 */
export async function openLogisticsCase(
  ctx: Ctx,
  orderId: string,
  message: string,
): Promise<string | undefined> {
  const facts = await orderFacts(ctx, orderId);
  if (!facts?.subjectId) return undefined;
  const open = await supportRepository.openOf(ctx.db, orderId, 'logistics');
  if (open) {
    await addMessage(ctx, open, actorLabel(ctx.actor), message);
    await supportRepository.update(ctx.db, open.id, { status: 'open', updatedAt: ctx.now() });
    return open.id;
  }
  const id = newId('tkt', ctx.now());
  await supportRepository.insertTicket(ctx.db, {
    id,
    orderId,
    orderNumber: facts.number,
    subjectId: facts.subjectId,
    topic: 'logistics',
    status: 'open',
    assignedTo: null,
    openedBy: actorLabel(ctx.actor),
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
  });
  await addMessage(ctx, { id, subjectId: facts.subjectId }, actorLabel(ctx.actor), message);
  return id;
}

/** The shopper writes again on one of their order's cases: it goes back to customer service. */
export async function shopperReply(
  ctx: Ctx,
  typedNumber: string,
  ticketId: string,
  message: string,
): Promise<void> {
  const order = await viewOrder(ctx, typedNumber);
  const row = await supportRepository.byIdForUpdate(ctx.db, ticketId);
  if (!row || row.orderId !== order.id) throw notFound('case', ticketId);
  await addMessage(ctx, row, 'shopper', cleanMessage(message));
  await moveTo(ctx, row, 'open');
}

async function caseAtHand(ctx: Ctx, ticketId: string): Promise<TicketRow> {
  const role = roleOfActor(ctx.actor);
  if (!role || !(CASE_ROLES as readonly string[]).includes(role))
    throw forbidden('only customer service and the owner answer cases');
  const row = await supportRepository.byIdForUpdate(ctx.db, ticketId);
  if (!row) throw notFound('case', ticketId);
  return row;
}

const staffId = (ctx: Ctx) => (ctx.actor.kind === 'staff' ? ctx.actor.staffId : undefined);

/**
 * Customer service answers a case (CK-6): the reply is sealed with the case, the case is answered
 * and, if nobody had it, assigned to whoever answered; `support.ticket_replied` e-mails the reply
 * to the order's contact address after commit.
 */
export async function replyToTicket(ctx: Ctx, ticketId: string, message: string): Promise<void> {
  const row = await caseAtHand(ctx, ticketId);
  const messageId = await addMessage(ctx, row, actorLabel(ctx.actor), cleanMessage(message));
  await moveTo(ctx, row, 'answered', row.assignedTo ? {} : { assignedTo: staffId(ctx) });
  await ctx.events.publish('support.ticket_replied', { ticketId: row.id, orderId: row.orderId, messageId });
}

/** Customer service takes a case. */
export async function assignTicketToMe(ctx: Ctx, ticketId: string): Promise<void> {
  const row = await caseAtHand(ctx, ticketId);
  await supportRepository.update(ctx.db, row.id, { assignedTo: staffId(ctx) ?? null, updatedAt: ctx.now() });
}

/** Customer service closes a case (a shopper's new message reopens it). */
export async function closeTicket(ctx: Ctx, ticketId: string): Promise<void> {
  const row = await caseAtHand(ctx, ticketId);
  await moveTo(ctx, row, 'closed');
}
