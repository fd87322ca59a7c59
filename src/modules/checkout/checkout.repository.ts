import { sql } from 'drizzle-orm';
import { countOrDelete } from '#db/retention.ts';
import { and, desc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { submission } from './checkout.schema.ts';

export type SubmissionRow = typeof submission.$inferSelect;

// Every checkout runs these three (#db/statement.ts).
const SUBMISSION_COLUMNS = `tenant_id as "tenantId", idempotency_key as "idempotencyKey",
  request_hash as "requestHash", cart_id as "cartId", order_id as "orderId", state,
  created_at as "createdAt", updated_at as "updatedAt"`;
const byKeyOrCart = statement<SubmissionRow>(
  `select ${SUBMISSION_COLUMNS} from checkout.submission
   where idempotency_key = $1 or cart_id = $2 order by created_at desc`,
);
const insertOnce = statement(
  `insert into checkout.submission (idempotency_key, request_hash, cart_id, order_id, state, created_at, updated_at)
   values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
);
const setState = statement(
  `update checkout.submission set state = $2, updated_at = $3 where idempotency_key = $1`,
);

/** All SQL of the checkout module. */
export const checkoutRepository = {
  /** Records a submission unless its key is taken (a concurrent one waits here, then gets false). */
  async insertOnce(db: Db, row: Omit<typeof submission.$inferInsert, 'tenantId'>): Promise<boolean> {
    const inserted = await insertOnce.run(db, [
      row.idempotencyKey,
      row.requestHash,
      row.cartId,
      row.orderId,
      row.state,
      row.createdAt,
      row.updatedAt,
    ]);
    return inserted === 1;
  },
  /** Submissions under this key or of this cart (one query; at most a few rows). */
  async byKeyOrCart(db: Db, key: string, cartId: string): Promise<SubmissionRow[]> {
    return byKeyOrCart.rows(db, [key, cartId]);
  },
  async byKey(db: Db, key: string): Promise<SubmissionRow | undefined> {
    const [row] = await db.select().from(submission).where(eq(submission.idempotencyKey, key));
    return row;
  },
  async ofCart(db: Db, cartId: string): Promise<SubmissionRow | undefined> {
    const [row] = await db
      .select()
      .from(submission)
      .where(eq(submission.cartId, cartId))
      .orderBy(desc(submission.createdAt))
      .limit(1);
    return row;
  },
  async latestOfRequester(db: Db, requestHash: string, since: Date): Promise<SubmissionRow | undefined> {
    const [row] = await db
      .select()
      .from(submission)
      .where(and(eq(submission.requestHash, requestHash), gt(submission.createdAt, since)))
      .orderBy(desc(submission.createdAt))
      .limit(1);
    return row;
  },
  async setState(db: Db, key: string, state: string, at: Date): Promise<void> {
    await setState.later(db, [key, state, at]);
  },
  async delete(db: Db, key: string): Promise<void> {
    await db.delete(submission).where(eq(submission.idempotencyKey, key));
  },
  /** Submissions still charging since before `before`, locked (another process skips them). */
  async staleCharging(db: Db, before: Date, limit: number): Promise<SubmissionRow[]> {
    return db
      .select()
      .from(submission)
      .where(and(eq(submission.state, 'charging'), lt(submission.updatedAt, before)))
      .limit(limit)
      .for('update', { skipLocked: true });
  },
  async ofRequester(db: Db, requestHash: string): Promise<SubmissionRow[]> {
    return db.select().from(submission).where(eq(submission.requestHash, requestHash));
  },
  async deleteOfRequester(db: Db, requestHash: string): Promise<number> {
    const rows = await db
      .delete(submission)
      .where(eq(submission.requestHash, requestHash))
      .returning({ key: submission.idempotencyKey });
    return rows.length;
  },
  /** Retention (RT-1): finished submissions (no longer charging) made before the cut-off. */
  finishedBefore: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(
      db,
      submission,
      sql`${submission.state} <> 'charging' and ${submission.createdAt} < ${cutoff}`,
      dryRun,
    ),
  async deleteOlderThan(db: Db, before: Date): Promise<number> {
    const rows = await db
      .delete(submission)
      .where(and(eq(submission.state, 'paid'), lt(submission.createdAt, before)))
      .returning({ key: submission.idempotencyKey });
    return rows.length;
  },
};
