import { and, asc, eq, gt, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { countOrDelete, exceptSubjects } from '#db/retention.ts';
import type { Db } from '#db/client.ts';
import {
  customer,
  emailChange,
  passwordReset,
  pendingRegistration,
  policyNotice,
  savedAddress,
  session,
} from './accounts.schema.ts';

export type CustomerRow = typeof customer.$inferSelect;

/** A member's last activity (log-in, or else sign-up) came before `before` (RT-4). */
const inactiveSince = (before: Date) =>
  sql`coalesce(${customer.lastLoginAt}, ${customer.createdAt}) < ${before}`;

/** The ids of members matching `where`, by id, leaving out the subjects of `except` (legal holds). */
async function customerIdsWhere(
  db: Db,
  where: SQL | undefined,
  limit: number,
  except: readonly string[],
): Promise<string[]> {
  const rows = await db
    .select({ id: customer.id })
    .from(customer)
    .where(and(where, exceptSubjects(customer.id, except)))
    .orderBy(asc(customer.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

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
  /** A log-in: the inactivity clock starts again, and any notice or lock of it is lifted (RT-4). */
  async recordLogin(db: Db, id: string, at: Date): Promise<void> {
    await db
      .update(customer)
      .set({ lastLoginAt: at, inactivityNoticeAt: null, lockedAt: null })
      .where(eq(customer.id, id));
  },
  /**
   * Members last active (log-in, or else sign-up) before `before`, not told yet and not locked,
   * leaving out `except` (legal holds).
   */
  inactiveNotTold: (db: Db, before: Date, limit: number, except: readonly string[]) =>
    customerIdsWhere(
      db,
      and(inactiveSince(before), isNull(customer.inactivityNoticeAt), isNull(customer.lockedAt)),
      limit,
      except,
    ),
  /** Members inactive since before `before`, told before `toldBefore`, not locked yet. */
  dueForLock: (db: Db, before: Date, toldBefore: Date, limit: number, except: readonly string[]) =>
    customerIdsWhere(
      db,
      and(inactiveSince(before), lt(customer.inactivityNoticeAt, toldBefore), isNull(customer.lockedAt)),
      limit,
      except,
    ),
  /** Members locked before `before` (their period to come back is over). */
  lockedBefore: (db: Db, before: Date, limit: number, except: readonly string[]) =>
    customerIdsWhere(db, lt(customer.lockedAt, before), limit, except),
  async markTold(db: Db, id: string, at: Date): Promise<void> {
    await db.update(customer).set({ inactivityNoticeAt: at }).where(eq(customer.id, id));
  },
  async markLocked(db: Db, id: string, at: Date): Promise<void> {
    await db.update(customer).set({ lockedAt: at }).where(eq(customer.id, id));
  },
  async insertPending(db: Db, row: typeof pendingRegistration.$inferInsert): Promise<void> {
    await db.insert(pendingRegistration).values(row);
  },
  /** Deletes and returns a live pending registration by its token's hash (a link works once). */
  async takePending(
    db: Db,
    tokenHash: string,
    now: Date,
  ): Promise<typeof pendingRegistration.$inferSelect | undefined> {
    const [row] = await db
      .delete(pendingRegistration)
      .where(and(eq(pendingRegistration.tokenHash, tokenHash), gt(pendingRegistration.expiresAt, now)))
      .returning();
    return row;
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
  /** Marks every unused reset token of a customer used, so none of them works any more. */
  async voidResetsOf(db: Db, customerId: string, now: Date): Promise<void> {
    await db
      .update(passwordReset)
      .set({ usedAt: now })
      .where(and(eq(passwordReset.customerId, customerId), isNull(passwordReset.usedAt)));
  },
  async setPassword(db: Db, customerId: string, passwordHash: string): Promise<void> {
    await db.update(customer).set({ passwordHash }).where(eq(customer.id, customerId));
  },
  async deleteSessionsOf(db: Db, customerId: string): Promise<void> {
    await db.delete(session).where(eq(session.customerId, customerId));
  },
  async sessionsOf(db: Db, customerId: string): Promise<{ createdAt: Date; expiresAt: Date }[]> {
    return db
      .select({ createdAt: session.createdAt, expiresAt: session.expiresAt })
      .from(session)
      .where(eq(session.customerId, customerId));
  },
  /** Deletes an account and everything hanging off it (sessions and reset links cascade). */
  /** Members not yet told of a policy version, oldest accounts first. */
  async notToldOf(db: Db, version: string, limit: number) {
    return db
      .select()
      .from(customer)
      .where(
        sql`not exists (select 1 from ${policyNotice} n where n.customer_id = ${customer.id} and n.version = ${version})`,
      )
      .orderBy(asc(customer.createdAt), asc(customer.id))
      .limit(limit);
  },
  async noticesOf(db: Db, customerId: string) {
    return db.select().from(policyNotice).where(eq(policyNotice.customerId, customerId));
  },
  async recordNotice(db: Db, row: Omit<typeof policyNotice.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(policyNotice).values(row).onConflictDoNothing();
  },
  async deleteAccount(db: Db, customerId: string): Promise<number> {
    await db.delete(policyNotice).where(eq(policyNotice.customerId, customerId));
    await db.delete(emailChange).where(eq(emailChange.customerId, customerId));
    const book = await db
      .delete(savedAddress)
      .where(eq(savedAddress.customerId, customerId))
      .returning({ id: savedAddress.id });
    const pending = await db
      .delete(pendingRegistration)
      .where(eq(pendingRegistration.id, customerId))
      .returning({ id: pendingRegistration.id });
    const sessions = await db
      .delete(session)
      .where(eq(session.customerId, customerId))
      .returning({ id: session.tokenHash });
    const resets = await db
      .delete(passwordReset)
      .where(eq(passwordReset.customerId, customerId))
      .returning({ id: passwordReset.tokenHash });
    const accounts = await db
      .delete(customer)
      .where(eq(customer.id, customerId))
      .returning({ id: customer.id });
    return pending.length + sessions.length + resets.length + accounts.length + book.length;
  },
  async setNickname(db: Db, customerId: string, nickname: string): Promise<void> {
    await db.update(customer).set({ nickname }).where(eq(customer.id, customerId));
  },
  async setEmail(db: Db, customerId: string, email: string, emailIndex: string): Promise<void> {
    await db.update(customer).set({ email, emailIndex }).where(eq(customer.id, customerId));
  },
  async insertEmailChange(db: Db, row: typeof emailChange.$inferInsert): Promise<void> {
    // One change at a time: a new request voids the earlier link.
    await db.delete(emailChange).where(eq(emailChange.customerId, row.customerId));
    await db.insert(emailChange).values(row);
  },
  async takeEmailChange(db: Db, tokenHash: string) {
    const [row] = await db.delete(emailChange).where(eq(emailChange.tokenHash, tokenHash)).returning();
    return row;
  },
  async addresses(db: Db, customerId: string) {
    return db
      .select()
      .from(savedAddress)
      .where(eq(savedAddress.customerId, customerId))
      .orderBy(savedAddress.createdAt, savedAddress.id);
  },
  async insertAddress(db: Db, row: typeof savedAddress.$inferInsert): Promise<void> {
    await db.insert(savedAddress).values(row);
  },
  async deleteAddress(db: Db, customerId: string, id: string): Promise<boolean> {
    const rows = await db
      .delete(savedAddress)
      .where(and(eq(savedAddress.customerId, customerId), eq(savedAddress.id, id)))
      .returning({ id: savedAddress.id });
    return rows.length > 0;
  },
  /** Retention (RT-1): sessions, reset links, registrations and e-mail changes past their expiry. */
  expiredSessions: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, session, lt(session.expiresAt, cutoff), dryRun),
  expiredResets: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, passwordReset, lt(passwordReset.expiresAt, cutoff), dryRun),
  expiredEmailChanges: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, emailChange, lt(emailChange.expiresAt, cutoff), dryRun),
  /** Registrations never confirmed: their ids (each had a data key of its own to destroy). */
  async expiredRegistrations(db: Db, cutoff: Date, dryRun: boolean): Promise<string[]> {
    const where = lt(pendingRegistration.expiresAt, cutoff);
    if (dryRun)
      return (await db.select({ id: pendingRegistration.id }).from(pendingRegistration).where(where)).map(
        (r) => r.id,
      );
    return (await db.delete(pendingRegistration).where(where).returning({ id: pendingRegistration.id })).map(
      (r) => r.id,
    );
  },
  async deleteSession(db: Db, tokenHash: string): Promise<void> {
    await db.delete(session).where(eq(session.tokenHash, tokenHash));
  },
};
