import { desc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { outbox } from './notifications.schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** All SQL of the notifications module. */
export const notificationsRepository = {
  async insert(db: Db, row: typeof outbox.$inferInsert): Promise<void> {
    await db.insert(outbox).values(row);
  },
  async ofSubject(db: Db, subjectId: string): Promise<OutboxRow[]> {
    return db.select().from(outbox).where(eq(outbox.subjectId, subjectId));
  },
  async deleteOfSubject(db: Db, subjectId: string): Promise<number> {
    const rows = await db.delete(outbox).where(eq(outbox.subjectId, subjectId)).returning({ id: outbox.id });
    return rows.length;
  },
  async latest(db: Db, limit: number): Promise<OutboxRow[]> {
    return db.select().from(outbox).orderBy(desc(outbox.createdAt), desc(outbox.id)).limit(limit);
  },
};
