import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { membership, passwordHistory, recoveryCode, staffSession, staffUser } from './staff.schema.ts';

export type StaffUserRow = typeof staffUser.$inferSelect;
export type StaffSessionRow = typeof staffSession.$inferSelect;

/** All SQL of the staff module. Staff tables are platform tables: no tenant_id, no row-level security. */
export const staffRepository = {
  async userByEmailIndex(db: Db, emailIndex: string): Promise<StaffUserRow | undefined> {
    const [row] = await db.select().from(staffUser).where(eq(staffUser.emailIndex, emailIndex));
    return row;
  },
  async userById(db: Db, id: string): Promise<StaffUserRow | undefined> {
    const [row] = await db.select().from(staffUser).where(eq(staffUser.id, id));
    return row;
  },
  async insertUser(db: Db, row: typeof staffUser.$inferInsert): Promise<void> {
    await db.insert(staffUser).values(row);
  },
  async updateUser(db: Db, id: string, set: Partial<typeof staffUser.$inferInsert>): Promise<void> {
    await db.update(staffUser).set(set).where(eq(staffUser.id, id));
  },
  /** Counts a failed log-in; locks the account for `lockFor` once `max` failures are reached. */
  async countFailure(db: Db, id: string, max: number, lockUntil: Date): Promise<void> {
    await db
      .update(staffUser)
      .set({
        failedLogins: sql`${staffUser.failedLogins} + 1`,
        lockedUntil: sql`case when ${staffUser.failedLogins} + 1 >= ${max} then ${lockUntil.toISOString()}::timestamptz else ${staffUser.lockedUntil} end`,
      })
      .where(eq(staffUser.id, id));
  },
  async setMembership(db: Db, row: typeof membership.$inferInsert): Promise<void> {
    await db
      .insert(membership)
      .values(row)
      .onConflictDoUpdate({ target: [membership.userId, membership.tenantId], set: { role: row.role } });
  },
  async membershipsOf(db: Db, userId: string): Promise<{ tenantId: string; role: string }[]> {
    return db
      .select({ tenantId: membership.tenantId, role: membership.role })
      .from(membership)
      .where(eq(membership.userId, userId));
  },
  async staffOfTenant(db: Db, tenantId: string) {
    return db
      .select({
        id: staffUser.id,
        email: staffUser.email,
        displayName: staffUser.displayName,
        role: membership.role,
        totpEnrolledAt: staffUser.totpEnrolledAt,
        disabledAt: staffUser.disabledAt,
        lockedUntil: staffUser.lockedUntil,
        createdAt: staffUser.createdAt,
      })
      .from(membership)
      .innerJoin(staffUser, eq(staffUser.id, membership.userId))
      .where(eq(membership.tenantId, tenantId))
      .orderBy(membership.role, staffUser.createdAt);
  },
  async insertSession(db: Db, row: typeof staffSession.$inferInsert): Promise<void> {
    await db.insert(staffSession).values(row);
  },
  /**
   * A live session with its user and (when `tenantId` is given) the user's role in that store;
   * refreshes `last_seen_at` in the same statement when it is older than a minute.
   */
  async liveSession(
    db: Db,
    tokenHash: string,
    now: Date,
    idleSince: Date,
  ): Promise<{ session: StaffSessionRow; user: StaffUserRow } | undefined> {
    const [row] = await db
      .select({ session: staffSession, user: staffUser })
      .from(staffSession)
      .innerJoin(staffUser, eq(staffUser.id, staffSession.userId))
      .where(
        and(
          eq(staffSession.tokenHash, tokenHash),
          gt(staffSession.expiresAt, now),
          gt(staffSession.lastSeenAt, idleSince),
          isNull(staffUser.disabledAt),
        ),
      );
    if (row && now.getTime() - row.session.lastSeenAt.getTime() > 60_000)
      await db.update(staffSession).set({ lastSeenAt: now }).where(eq(staffSession.tokenHash, tokenHash));
    return row;
  },
  async roleIn(db: Db, userId: string, tenantId: string): Promise<string | undefined> {
    const [row] = await db
      .select({ role: membership.role })
      .from(membership)
      .where(and(eq(membership.userId, userId), eq(membership.tenantId, tenantId)));
    return row?.role;
  },
  async endSession(db: Db, tokenHash: string): Promise<void> {
    await db.delete(staffSession).where(eq(staffSession.tokenHash, tokenHash));
  },
  /** Ends every session of a user (disabled, role changed, password changed). */
  async endSessionsOf(db: Db, userId: string): Promise<number> {
    const rows = await db
      .delete(staffSession)
      .where(eq(staffSession.userId, userId))
      .returning({ t: staffSession.tokenHash });
    return rows.length;
  },

  async recentPasswordHashes(db: Db, userId: string, limit: number): Promise<string[]> {
    const rows = await db
      .select({ h: passwordHistory.passwordHash })
      .from(passwordHistory)
      .where(eq(passwordHistory.userId, userId))
      .orderBy(desc(passwordHistory.createdAt))
      .limit(limit);
    return rows.map((r) => r.h);
  },
  async addPasswordHistory(db: Db, userId: string, passwordHash: string, at: Date): Promise<void> {
    await db.insert(passwordHistory).values({ userId, passwordHash, createdAt: at });
  },
  async replaceRecoveryCodes(db: Db, userId: string, hashes: string[]): Promise<void> {
    await db.delete(recoveryCode).where(eq(recoveryCode.userId, userId));
    if (hashes.length > 0)
      await db.insert(recoveryCode).values(hashes.map((codeHash) => ({ userId, codeHash })));
  },
  /** Uses a recovery code once; true when it was valid and unused. */
  async useRecoveryCode(db: Db, userId: string, codeHash: string, at: Date): Promise<boolean> {
    const rows = await db
      .update(recoveryCode)
      .set({ usedAt: at })
      .where(
        and(
          eq(recoveryCode.userId, userId),
          eq(recoveryCode.codeHash, codeHash),
          isNull(recoveryCode.usedAt),
        ),
      )
      .returning({ h: recoveryCode.codeHash });
    return rows.length === 1;
  },
};
