import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { countOrDelete } from '#db/retention.ts';
import type { Db } from '#db/client.ts';
import { legalHold } from './legal-hold.schema.ts';

export type LegalHoldRow = typeof legalHold.$inferSelect;

/** All SQL of legal holds. */
export const legalHoldRepository = {
  async insert(db: Db, row: Omit<typeof legalHold.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(legalHold).values(row);
  },
  async byId(db: Db, id: string): Promise<LegalHoldRow | undefined> {
    const [row] = await db.select().from(legalHold).where(eq(legalHold.id, id));
    return row;
  },
  /** Which of `subjectIds` have a hold standing. */
  async heldSubjects(db: Db, subjectIds: readonly string[]): Promise<string[]> {
    if (subjectIds.length === 0) return [];
    const rows = await db
      .selectDistinct({ subjectId: legalHold.subjectId })
      .from(legalHold)
      .where(and(inArray(legalHold.subjectId, [...subjectIds]), isNull(legalHold.releasedAt)));
    return rows.map((r) => r.subjectId);
  },
  /** Every subject with a hold standing in the store. */
  async allHeldSubjects(db: Db): Promise<string[]> {
    const rows = await db
      .selectDistinct({ subjectId: legalHold.subjectId })
      .from(legalHold)
      .where(isNull(legalHold.releasedAt));
    return rows.map((r) => r.subjectId);
  },
  async standingOf(db: Db, subjectId: string): Promise<LegalHoldRow[]> {
    return db
      .select()
      .from(legalHold)
      .where(and(eq(legalHold.subjectId, subjectId), isNull(legalHold.releasedAt)));
  },
  async release(db: Db, id: string, by: string, at: Date): Promise<boolean> {
    const rows = await db
      .update(legalHold)
      .set({ releasedBy: by, releasedAt: at })
      .where(and(eq(legalHold.id, id), isNull(legalHold.releasedAt)))
      .returning({ id: legalHold.id });
    return rows.length > 0;
  },
  /** Deletes (or counts) holds released before `cutoff`. */
  releasedBefore: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, legalHold, lt(legalHold.releasedAt, cutoff), dryRun),
  /** Holds standing, then the most recently released, newest first. */
  async recent(db: Db, limit: number): Promise<LegalHoldRow[]> {
    return db
      .select()
      .from(legalHold)
      .orderBy(desc(isNull(legalHold.releasedAt)), desc(legalHold.placedAt))
      .limit(limit);
  },
};
