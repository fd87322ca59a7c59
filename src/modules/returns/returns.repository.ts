import { exceptSubjects } from '#db/retention.ts';
import { countOrDelete } from '#db/retention.ts';
import { and, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { returnRequest } from './returns.schema.ts';

export type ReturnRow = typeof returnRequest.$inferSelect;

/** All SQL of the returns module. */
export const returnsRepository = {
  async insert(db: Db, row: Omit<typeof returnRequest.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(returnRequest).values(row);
  },
  async byId(db: Db, id: string): Promise<ReturnRow | undefined> {
    const [row] = await db.select().from(returnRequest).where(eq(returnRequest.id, id));
    return row;
  },
  async byIdForUpdate(db: Db, id: string): Promise<ReturnRow | undefined> {
    const [row] = await db.select().from(returnRequest).where(eq(returnRequest.id, id)).for('update');
    return row;
  },
  async ofOrder(db: Db, orderId: string): Promise<ReturnRow[]> {
    return db
      .select()
      .from(returnRequest)
      .where(eq(returnRequest.orderId, orderId))
      .orderBy(desc(returnRequest.requestedAt));
  },
  async recent(db: Db, limit: number): Promise<ReturnRow[]> {
    return db
      .select()
      .from(returnRequest)
      .orderBy(desc(returnRequest.requestedAt), desc(returnRequest.id))
      .limit(limit);
  },
  async update(db: Db, id: string, values: Partial<Omit<ReturnRow, 'id' | 'tenantId'>>): Promise<void> {
    await db.update(returnRequest).set(values).where(eq(returnRequest.id, id));
  },
  /** Received returns whose review is past its deadline and not yet flagged: flags them; returns them. */
  async flagLateReviews(db: Db, now: Date): Promise<ReturnRow[]> {
    return db
      .update(returnRequest)
      .set({ reviewLateSince: now })
      .where(
        and(
          eq(returnRequest.status, 'received'),
          isNull(returnRequest.reviewLateSince),
          lt(returnRequest.reviewDueBy, now),
        ),
      )
      .returning();
  },
  /** Orders (placed since `since`) with a return that was not refused. */
  async returnedOrdersSince(db: Db, since: Date): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(distinct ${returnRequest.orderId})::int` })
      .from(returnRequest)
      .where(and(sql`${returnRequest.status} <> 'rejected'`, gte(returnRequest.requestedAt, since)));
    return row?.n ?? 0;
  },
  async ofSubject(db: Db, subjectId: string): Promise<ReturnRow[]> {
    return db.select().from(returnRequest).where(eq(returnRequest.subjectId, subjectId));
  },
  /** Deletes the subject's closed returns (history, DR-3); counts the ones still open. */
  async forgetClosed(
    db: Db,
    subjectId: string,
    closed: readonly string[],
  ): Promise<{ forgotten: number; waiting: number }> {
    const rows = await db
      .delete(returnRequest)
      .where(and(eq(returnRequest.subjectId, subjectId), inArray(returnRequest.status, [...closed])))
      .returning({ id: returnRequest.id });
    const [open] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(returnRequest)
      .where(eq(returnRequest.subjectId, subjectId));
    return { forgotten: rows.length, waiting: open?.n ?? 0 };
  },
  /** The orders among `orderIds` with a return still open (requested or received). */
  async openOrderIds(db: Db, orderIds: readonly string[]): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows = await db
      .selectDistinct({ orderId: returnRequest.orderId })
      .from(returnRequest)
      .where(
        and(
          inArray(returnRequest.orderId, [...orderIds]),
          inArray(returnRequest.status, ['requested', 'received']),
        ),
      );
    return rows.map((r) => r.orderId);
  },
  /** Retention (RT-2): returns decided before the cut-off. */
  decidedBefore: (db: Db, cutoff: Date, dryRun: boolean, held: readonly string[] = []) =>
    countOrDelete(
      db,
      returnRequest,
      sql`${returnRequest.decidedAt} < ${cutoff} and ${exceptSubjects(returnRequest.subjectId, held)}`,
      dryRun,
    ),
  async deleteOfSubject(db: Db, subjectId: string): Promise<number> {
    const rows = await db
      .delete(returnRequest)
      .where(eq(returnRequest.subjectId, subjectId))
      .returning({ id: returnRequest.id });
    return rows.length;
  },
};
