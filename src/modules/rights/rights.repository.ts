import { countOrDelete } from '#db/retention.ts';
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { request, verification } from './rights.schema.ts';

export type RequestRow = typeof request.$inferSelect;
export type VerificationRow = typeof verification.$inferSelect;

/** SQL for requests and guests' verifications (tables in rights.schema.ts). */
export const rightsRepository = {
  async insert(db: Db, row: typeof request.$inferInsert): Promise<void> {
    await db.insert(request).values(row);
  },
  async byId(db: Db, id: string): Promise<RequestRow | undefined> {
    const [row] = await db.select().from(request).where(eq(request.id, id)).limit(1);
    return row;
  },
  async update(db: Db, id: string, set: Partial<typeof request.$inferInsert>): Promise<void> {
    await db.update(request).set(set).where(eq(request.id, id));
  },
  /** A requester's requests, newest first. */
  async ofSubjects(db: Db, subjectIds: readonly string[], limit = 100): Promise<RequestRow[]> {
    if (subjectIds.length === 0) return [];
    return db
      .select()
      .from(request)
      .where(inArray(request.subjectId, [...subjectIds]))
      .orderBy(desc(request.receivedAt), desc(request.id))
      .limit(limit);
  },
  /** The queue: open requests soonest due first, or closed ones newest first. */
  async queue(db: Db, open: boolean, limit: number): Promise<RequestRow[]> {
    return open
      ? db
          .select()
          .from(request)
          .where(inArray(request.status, ['received', 'in_progress']))
          .orderBy(asc(request.dueAt), asc(request.id))
          .limit(limit)
      : db
          .select()
          .from(request)
          .where(inArray(request.status, ['completed', 'refused']))
          .orderBy(desc(request.closedAt), desc(request.id))
          .limit(limit);
  },
  /** Open requests past their deadline that were not escalated yet. */
  async overdue(db: Db, now: Date): Promise<RequestRow[]> {
    return db
      .select()
      .from(request)
      .where(
        and(
          inArray(request.status, ['received', 'in_progress']),
          lt(request.dueAt, now),
          isNull(request.escalatedAt),
        ),
      )
      .limit(500);
  },
  /** History deletions still waiting for an order to close. */
  async waitingHistoryDeletions(db: Db): Promise<RequestRow[]> {
    return db
      .select()
      .from(request)
      .where(and(eq(request.kind, 'history_deletion'), eq(request.status, 'in_progress')))
      .limit(500);
  },
  /** Erasure: the requests keep kind, dates and receipt, and lose every link and word. */
  async forgetSubject(db: Db, subjectId: string): Promise<number> {
    const rows = await db
      .update(request)
      .set({ subjectId: null, contactEmail: null, message: null, reply: null })
      .where(eq(request.subjectId, subjectId))
      .returning({ id: request.id });
    const gone = await db
      .delete(verification)
      .where(sql`${verification.subjectId} = ${subjectId} or ${subjectId} = any(${verification.subjectIds})`)
      .returning({ id: verification.id });
    return rows.length + gone.length;
  },
  /** Retention (RT-1): requests closed before the cut-off (open ones stay, whatever their age). */
  closedBefore: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(
      db,
      request,
      sql`${request.status} in ('completed', 'refused') and ${request.closedAt} < ${cutoff}`,
      dryRun,
    ),
  /** Retention (RT-1): guests' verifications whose code and token both expired. */
  expiredVerifications: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(
      db,
      verification,
      sql`${verification.codeExpiresAt} < ${cutoff} and (${verification.tokenExpiresAt} is null or ${verification.tokenExpiresAt} < ${cutoff})`,
      dryRun,
    ),
  async insertVerification(db: Db, row: typeof verification.$inferInsert): Promise<void> {
    await db.insert(verification).values(row);
  },
  async verificationById(db: Db, id: string): Promise<VerificationRow | undefined> {
    const [row] = await db.select().from(verification).where(eq(verification.id, id)).limit(1).for('update');
    return row;
  },
  async updateVerification(
    db: Db,
    id: string,
    set: Partial<typeof verification.$inferInsert>,
  ): Promise<void> {
    await db.update(verification).set(set).where(eq(verification.id, id));
  },
  async verificationByToken(db: Db, tokenHash: string, now: Date): Promise<VerificationRow | undefined> {
    const [row] = await db
      .select()
      .from(verification)
      .where(and(eq(verification.tokenHash, tokenHash), gt(verification.tokenExpiresAt, now)))
      .limit(1);
    return row;
  },
  async endVerification(db: Db, tokenHash: string): Promise<void> {
    await db.delete(verification).where(eq(verification.tokenHash, tokenHash));
  },
};
