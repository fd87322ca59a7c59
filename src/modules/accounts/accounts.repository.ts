import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { customer, passwordReset, session } from './accounts.schema.ts';

export type CustomerRow = typeof customer.$inferSelect;

/** All SQL of the accounts module. */
export const accountsRepository = {
  async insertCustomer(db: Db, row: typeof customer.$inferInsert): Promise<boolean> {
    const inserted = await db
      .insert(customer)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: customer.id });
    return inserted.length === 1;
  },
  async findByEmailIndex(db: Db, emailIndex: string): Promise<CustomerRow | undefined> {
    const [row] = await db.select().from(customer).where(eq(customer.emailIndex, emailIndex));
    return row;
  },
  async findById(db: Db, id: string): Promise<CustomerRow | undefined> {
    const [row] = await db.select().from(customer).where(eq(customer.id, id));
    return row;
  },
  async recordFailedLogin(db: Db, id: string, lockUntil: (failures: number) => Date | null): Promise<void> {
    const [row] = await db
      .update(customer)
      .set({ failedLogins: sql`${customer.failedLogins} + 1` })
      .where(eq(customer.id, id))
      .returning({ failures: customer.failedLogins });
    const until = lockUntil(row?.failures ?? 0);
    if (until)
      await db.update(customer).set({ lockedUntil: until, failedLogins: 0 }).where(eq(customer.id, id));
  },
  async recordLogin(db: Db, id: string, at: Date): Promise<void> {
    await db
      .update(customer)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: at })
      .where(eq(customer.id, id));
  },
  async insertSession(db: Db, row: typeof session.$inferInsert): Promise<void> {
    await db.insert(session).values(row);
  },
  async findLiveSession(db: Db, tokenHash: string, now: Date): Promise<{ customerId: string } | undefined> {
    const [row] = await db
      .select({ customerId: session.customerId })
      .from(session)
      .where(and(eq(session.tokenHash, tokenHash), gt(session.expiresAt, now)));
    return row;
  },
  async insertReset(db: Db, row: typeof passwordReset.$inferInsert): Promise<void> {
    await db.insert(passwordReset).values(row);
  },
  /** Marks a live, unused reset token used and returns its customer, atomically (a token works once). */
  async consumeReset(db: Db, tokenHash: string, now: Date): Promise<string | undefined> {
    const [row] = await db
      .update(passwordReset)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordReset.tokenHash, tokenHash),
          isNull(passwordReset.usedAt),
          gt(passwordReset.expiresAt, now),
        ),
      )
      .returning({ customerId: passwordReset.customerId });
    return row?.customerId;
  },
  async setPassword(db: Db, customerId: string, passwordHash: string): Promise<void> {
    await db
      .update(customer)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null })
      .where(eq(customer.id, customerId));
  },
  async deleteSessionsOf(db: Db, customerId: string): Promise<void> {
    await db.delete(session).where(eq(session.customerId, customerId));
  },
  async deleteSession(db: Db, tokenHash: string): Promise<void> {
    await db.delete(session).where(eq(session.tokenHash, tokenHash));
  },
};
