import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { countOrDelete } from '#db/retention.ts';
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
  /** Retention (RT-1): consent choices older than the cut-off, except each holder's choice in force. */
  supersededBefore: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(
      db,
      consentChoice,
      sql`${consentChoice.at} < ${cutoff} and exists (select 1 from privacy.consent_choice newer
            where newer.tenant_id = ${consentChoice.tenantId} and newer.holder = ${consentChoice.holder}
              and newer.purpose = ${consentChoice.purpose} and (newer.at, newer.id) > (${consentChoice.at}, ${consentChoice.id}))`,
      dryRun,
    ),
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
