import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { ledgerEntry } from './payments.schema.ts';

export type LedgerRow = typeof ledgerEntry.$inferSelect;

/** All SQL of the payments module. */
export const paymentsRepository = {
  /** Records an entry once (a retried recording finds it): false when it was already there. */
  async insertOnce(db: Db, row: typeof ledgerEntry.$inferInsert): Promise<boolean> {
    const rows = await db
      .insert(ledgerEntry)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: ledgerEntry.id });
    return rows.length === 1;
  },
  async ofOrder(db: Db, orderId: string): Promise<LedgerRow[]> {
    return db
      .select()
      .from(ledgerEntry)
      .where(eq(ledgerEntry.orderId, orderId))
      .orderBy(asc(ledgerEntry.createdAt), asc(ledgerEntry.id));
  },
  async ofSubject(db: Db, subjectId: string): Promise<LedgerRow[]> {
    return db.select().from(ledgerEntry).where(eq(ledgerEntry.subjectId, subjectId));
  },
  /** Erasure: the reference (and the link to the subject) go; amounts stay for the books. */
  async forgetSubject(db: Db, subjectId: string): Promise<number> {
    const rows = await db
      .update(ledgerEntry)
      .set({ providerRef: null, subjectId: null })
      .where(and(eq(ledgerEntry.subjectId, subjectId)))
      .returning({ id: ledgerEntry.id });
    return rows.length;
  },
};
