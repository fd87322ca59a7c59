import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { consentChoice, restriction } from './consent.schema.ts';

/** SQL for consent choices and restrictions of processing (tables in consent.schema.ts). */
export const consentRepository = {
  async activeRestriction(db: Db, subjectId: string) {
    const [row] = await db
      .select({ id: restriction.id, since: restriction.since })
      .from(restriction)
      .where(and(eq(restriction.subjectId, subjectId), isNull(restriction.liftedAt)))
      .limit(1);
    return row;
  },
  async insertRestriction(db: Db, row: typeof restriction.$inferInsert): Promise<void> {
    await db.insert(restriction).values(row);
  },
  async liftRestriction(db: Db, subjectId: string, at: Date): Promise<number> {
    const rows = await db
      .update(restriction)
      .set({ liftedAt: at })
      .where(and(eq(restriction.subjectId, subjectId), isNull(restriction.liftedAt)))
      .returning({ id: restriction.id });
    return rows.length;
  },
  async latestChoice(db: Db, holder: string, purpose: string) {
    const [row] = await db
      .select()
      .from(consentChoice)
      .where(and(eq(consentChoice.holder, holder), eq(consentChoice.purpose, purpose)))
      .orderBy(desc(consentChoice.at), desc(consentChoice.id))
      .limit(1);
    return row;
  },
  async insertChoice(db: Db, row: typeof consentChoice.$inferInsert): Promise<void> {
    await db.insert(consentChoice).values(row);
  },
  async choicesOf(db: Db, holder: string, limit: number) {
    return db
      .select()
      .from(consentChoice)
      .where(eq(consentChoice.holder, holder))
      .orderBy(desc(consentChoice.at), desc(consentChoice.id))
      .limit(limit);
  },
  async deleteOfSubject(db: Db, subjectId: string): Promise<number> {
    const a = await db
      .delete(consentChoice)
      .where(eq(consentChoice.holder, subjectId))
      .returning({ id: consentChoice.id });
    const b = await db
      .delete(restriction)
      .where(eq(restriction.subjectId, subjectId))
      .returning({ id: restriction.id });
    return a.length + b.length;
  },
};
