import { exceptSubjects } from '#db/retention.ts';
import { countOrDelete } from '#db/retention.ts';
import { and, asc, desc, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from './notifications.schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** All SQL of the notifications module. */
export const notificationsRepository = {
  async insert(db: Db, row: Omit<typeof outbox.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(outbox).values(row);
  },
  async ofSubject(db: Db, subjectId: string): Promise<OutboxRow[]> {
    return db.select().from(outbox).where(eq(outbox.subjectId, subjectId));
  },
  /** Deletes the subject's mail that was sent or failed (history, DR-3); waiting mail stays to go out. */
  async deleteFinishedOfSubject(db: Db, subjectId: string): Promise<number> {
    const rows = await db
      .delete(outbox)
      .where(and(eq(outbox.subjectId, subjectId), or(isNotNull(outbox.sentAt), isNotNull(outbox.failedAt))))
      .returning({ id: outbox.id });
    return rows.length;
  },
  /** Retention (RT-1): mail sent (or given up on) before the cut-off. */
  finishedBefore: (db: Db, cutoff: Date, dryRun: boolean, held: readonly string[] = []) =>
    countOrDelete(
      db,
      outbox,
      sql`coalesce(${outbox.sentAt}, ${outbox.failedAt}) < ${cutoff} and ${exceptSubjects(outbox.subjectId, held)}`,
      dryRun,
    ),
  async deleteOfSubject(db: Db, subjectId: string): Promise<number> {
    const rows = await db.delete(outbox).where(eq(outbox.subjectId, subjectId)).returning({ id: outbox.id });
    return rows.length;
  },
  async latest(db: Db, limit: number): Promise<OutboxRow[]> {
    return db.select().from(outbox).orderBy(desc(outbox.createdAt), desc(outbox.id)).limit(limit);
  },
  /** Unsent messages that are due (or the one named), locked; rows another process holds are skipped. */
  async takeDue(db: Db, now: Date, only: string | undefined, limit: number): Promise<OutboxRow[]> {
    return db
      .select()
      .from(outbox)
      .where(
        and(
          isNull(outbox.sentAt),
          isNull(outbox.failedAt),
          lte(outbox.nextAttemptAt, now),
          only ? eq(outbox.id, only) : undefined,
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
  },
  async markSent(db: Db, id: string, at: Date): Promise<void> {
    await db
      .update(outbox)
      .set({ sentAt: at, attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: null, lastError: null })
      .where(eq(outbox.id, id));
  },
  async retryLater(db: Db, id: string, next: Date, error: string): Promise<void> {
    await db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: next, lastError: error })
      .where(eq(outbox.id, id));
  },
  async markFailed(db: Db, id: string, at: Date, error: string): Promise<void> {
    await db
      .update(outbox)
      .set({ failedAt: at, attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: null, lastError: error })
      .where(eq(outbox.id, id));
  },
};
