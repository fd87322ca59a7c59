import { and, asc, eq } from 'drizzle-orm';
import { statement } from '#db/statement.ts';
import type { Db } from '#db/client.ts';
import { ledgerEntry } from './payments.schema.ts';

export type LedgerRow = typeof ledgerEntry.$inferSelect;

const insertEntry = statement(
  `insert into payments.ledger_entry (id, order_id, kind, amount_cents, currency, provider, provider_ref,
     subject_id, idempotency_key, created_at)
   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
);

/** All SQL of the payments module. */
export const paymentsRepository = {
  /** Records an entry once (a retried recording finds it): false when it was already there. */
  /**
   * Records an entry unless one with its idempotency key exists (recording an attempt again
   * changes nothing). Sent without waiting (#db/statement.ts): every paid checkout writes one.
   */
  async insertOnce(db: Db, row: Omit<typeof ledgerEntry.$inferInsert, 'tenantId'>): Promise<void> {
    await insertEntry.later(db, [
      row.id,
      row.orderId,
      row.kind,
      row.amountCents,
      row.currency,
      row.provider,
      row.providerRef ?? null,
      row.subjectId ?? null,
      row.idempotencyKey,
      row.createdAt,
    ]);
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
