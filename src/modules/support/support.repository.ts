import { exceptSubjects } from '#db/retention.ts';
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { ticket, ticketMessage } from './support.schema.ts';

export type TicketRow = typeof ticket.$inferSelect;
export type TicketMessageRow = typeof ticketMessage.$inferSelect;

/** All SQL of the support module. */
export const supportRepository = {
  async insertTicket(db: Db, row: Omit<typeof ticket.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(ticket).values(row);
  },
  async insertMessage(db: Db, row: Omit<typeof ticketMessage.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(ticketMessage).values(row);
  },
  async byIdForUpdate(db: Db, id: string): Promise<TicketRow | undefined> {
    const [row] = await db.select().from(ticket).where(eq(ticket.id, id)).for('update');
    return row;
  },
  async ofOrder(db: Db, orderId: string): Promise<TicketRow[]> {
    return db.select().from(ticket).where(eq(ticket.orderId, orderId)).orderBy(desc(ticket.createdAt));
  },
  /** The open case of an order on a topic, if any (a second late scan adds to it). */
  async openOf(db: Db, orderId: string, topic: string): Promise<TicketRow | undefined> {
    const [row] = await db
      .select()
      .from(ticket)
      .where(
        and(
          eq(ticket.orderId, orderId),
          eq(ticket.topic, topic),
          inArray(ticket.status, ['open', 'answered']),
        ),
      );
    return row;
  },
  async queue(db: Db, statuses: string[], limit: number): Promise<TicketRow[]> {
    return db
      .select()
      .from(ticket)
      .where(inArray(ticket.status, statuses))
      .orderBy(asc(ticket.updatedAt), asc(ticket.id))
      .limit(limit);
  },
  async messages(db: Db, ticketId: string): Promise<TicketMessageRow[]> {
    return db
      .select()
      .from(ticketMessage)
      .where(eq(ticketMessage.ticketId, ticketId))
      .orderBy(asc(ticketMessage.at), asc(ticketMessage.id));
  },
  async update(
    db: Db,
    id: string,
    values: Partial<Pick<TicketRow, 'status' | 'assignedTo' | 'updatedAt'>>,
  ): Promise<void> {
    await db.update(ticket).set(values).where(eq(ticket.id, id));
  },
  async ofSubject(db: Db, subjectId: string): Promise<TicketRow[]> {
    return db.select().from(ticket).where(eq(ticket.subjectId, subjectId));
  },
  /** Deletes the subject's closed cases and their messages (history, DR-3); counts open ones. */
  async forgetClosed(db: Db, subjectId: string): Promise<{ forgotten: number; waiting: number }> {
    const closed = and(eq(ticket.subjectId, subjectId), eq(ticket.status, 'closed'));
    const ids = db.select({ id: ticket.id }).from(ticket).where(closed);
    await db.delete(ticketMessage).where(sql`${ticketMessage.ticketId} in (${ids})`);
    const rows = await db.delete(ticket).where(closed).returning({ id: ticket.id });
    const [open] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ticket)
      .where(eq(ticket.subjectId, subjectId));
    return { forgotten: rows.length, waiting: open?.n ?? 0 };
  },
  /** The orders among `orderIds` with a case not closed. */
  async openOrderIds(db: Db, orderIds: readonly string[]): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows = await db
      .selectDistinct({ orderId: ticket.orderId })
      .from(ticket)
      .where(and(inArray(ticket.orderId, [...orderIds]), sql`${ticket.status} <> 'closed'`));
    return rows.map((r) => r.orderId);
  },
  /** Retention (RT-2): cases closed before the cut-off, with their messages. */
  async closedBefore(db: Db, cutoff: Date, dryRun: boolean, held: readonly string[] = []): Promise<number> {
    const closed = and(
      eq(ticket.status, 'closed'),
      lt(ticket.updatedAt, cutoff),
      exceptSubjects(ticket.subjectId, held),
    );
    if (dryRun) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ticket)
        .where(closed);
      return row?.n ?? 0;
    }
    const ids = db.select({ id: ticket.id }).from(ticket).where(closed);
    await db.delete(ticketMessage).where(sql`${ticketMessage.ticketId} in (${ids})`);
    return (await db.delete(ticket).where(closed).returning({ id: ticket.id })).length;
  },
  async deleteOfSubject(db: Db, subjectId: string): Promise<number> {
    await db.delete(ticketMessage).where(eq(ticketMessage.subjectId, subjectId));
    const rows = await db.delete(ticket).where(eq(ticket.subjectId, subjectId)).returning({ id: ticket.id });
    return rows.length;
  },
};
