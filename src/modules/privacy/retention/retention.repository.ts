import { desc } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { retentionRun } from './retention.schema.ts';

export type RetentionRunRow = typeof retentionRun.$inferSelect;

/** SQL for retention run reports (retention.schema.ts). */
export const retentionRepository = {
  async insert(db: Db, rows: (typeof retentionRun.$inferInsert)[]): Promise<void> {
    if (rows.length > 0) await db.insert(retentionRun).values(rows);
  },
  async recent(db: Db, limit: number): Promise<RetentionRunRow[]> {
    return db.select().from(retentionRun).orderBy(desc(retentionRun.at), desc(retentionRun.id)).limit(limit);
  },
};
