import { exceptSubjects } from '#db/retention.ts';
import { countOrDelete } from '#db/retention.ts';
import { and, asc, desc, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { outbox } from './notifications.schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;

// Every order's confirmation is stored with this, after it was sent (#db/statement.ts).
const insertSettled = statement(
  `insert into notifications.outbox (id, subject_id, template, recipient, body, created_at, sent_at, attempts,
     next_attempt_at, last_error, failed_at)
   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
);

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
  /** A message as an attempt to send it left it (sent, waiting for the next attempt, or failed). */
  async saveAttempt(
    db: Db,
    row: Pick<OutboxRow, 'id' | 'sentAt' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'failedAt'>,
  ): Promise<void> {
    await db
      .update(outbox)
      .set({
        sentAt: row.sentAt,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt,
        lastError: row.lastError,
        failedAt: row.failedAt,
      })
      .where(eq(outbox.id, row.id));
  },
  /**
   * Stores a message already tried once (sent at once by an event subscriber), in its final state;
   * sent without waiting, so it leaves with the transaction's commit.
   */
  async insertSettled(db: Db, row: OutboxRow): Promise<void> {
    await insertSettled.later(db, [
      row.id,
      row.subjectId,
      row.template,
      row.recipient,
      row.body,
      row.createdAt,
      row.sentAt,
      row.attempts,
      row.nextAttemptAt,
      row.lastError,
      row.failedAt,
    ]);
  },
};
