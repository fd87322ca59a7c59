import { and, desc, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { notice } from './staff.schema.ts';

export type NoticeRow = typeof notice.$inferSelect;

/** All SQL of merchant notices. */
export const noticeRepository = {
  async insert(db: Db, row: typeof notice.$inferInsert): Promise<void> {
    await db.insert(notice).values(row);
  },
  /** Notices showing at `now` (row-level security keeps a store to its own and the platform's). */
  async showing(db: Db, now: Date): Promise<NoticeRow[]> {
    return db
      .select()
      .from(notice)
      .where(and(lte(notice.startsAt, now), or(isNull(notice.endsAt), gt(notice.endsAt, now))))
      .orderBy(desc(notice.startsAt))
      .limit(20);
  },
  async recent(db: Db, limit: number): Promise<NoticeRow[]> {
    return db.select().from(notice).orderBy(desc(notice.postedAt)).limit(limit);
  },
};
