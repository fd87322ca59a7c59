import { countOrDelete } from '#db/retention.ts';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { failureWindow } from './throttle.schema.ts';

interface Key {
  rule: string;
  scopeHash: string;
  sourceHash: string;
}

const matches = (k: Key) =>
  and(
    eq(failureWindow.rule, k.rule),
    eq(failureWindow.scopeHash, k.scopeHash),
    eq(failureWindow.sourceHash, k.sourceHash),
  );

// Every checkout asks this (card testing), hence a hand-written statement (#db/statement.ts).
const latestBlock = statement<{ blockedUntil: Date | null }>(
  `select max(w.blocked_until) as "blockedUntil" from throttle.failure_window w
   where (w.rule, w.scope_hash, w.source_hash) in (select * from unnest($1::text[], $2::text[], $3::text[]))
     and w.blocked_until > $4`,
);

/** All SQL of the throttle module. */
export const throttleRepository = {
  /** The latest block among several keys (one query), or undefined when none is blocked. */
  async blockedUntil(db: Db, keys: Key[], now: Date): Promise<Date | undefined> {
    if (keys.length === 0) return undefined;
    const row = await latestBlock.one(db, [
      keys.map((k) => k.rule),
      keys.map((k) => k.scopeHash),
      keys.map((k) => k.sourceHash),
      now,
    ]);
    return row?.blockedUntil ?? undefined;
  },
  /**
   * Counts one failure in one statement: a window that ended starts again at 1; reaching `max`
   * blocks until `blockUntil`. Returns the count and the block, if any.
   */
  async addFailure(
    db: Db,
    key: Key,
    now: Date,
    windowEndsAt: Date,
    max: number,
    blockUntil: Date,
  ): Promise<{ failures: number; blockedUntil: Date | null }> {
    const [row] = await db
      .insert(failureWindow)
      .values({ ...key, failures: 1, windowEndsAt, blockedUntil: max <= 1 ? blockUntil : null })
      .onConflictDoUpdate({
        target: [
          failureWindow.tenantId,
          failureWindow.rule,
          failureWindow.scopeHash,
          failureWindow.sourceHash,
        ],
        set: {
          failures: sql`case when ${failureWindow.windowEndsAt} <= ${now} then 1 else ${failureWindow.failures} + 1 end`,
          windowEndsAt: sql`case when ${failureWindow.windowEndsAt} <= ${now} then ${windowEndsAt} else ${failureWindow.windowEndsAt} end`,
          blockedUntil: sql`case when (case when ${failureWindow.windowEndsAt} <= ${now} then 1 else ${failureWindow.failures} + 1 end) >= ${max} then ${blockUntil}::timestamptz else ${failureWindow.blockedUntil} end`,
        },
      })
      .returning({ failures: failureWindow.failures, blockedUntil: failureWindow.blockedUntil });
    return row!;
  },
  async clearSource(db: Db, key: Key): Promise<void> {
    await db.delete(failureWindow).where(matches(key));
  },
  async clearScope(db: Db, rule: string, scopeHash: string): Promise<void> {
    await db
      .delete(failureWindow)
      .where(and(eq(failureWindow.rule, rule), eq(failureWindow.scopeHash, scopeHash)));
  },
  /** Retention (RT-1): windows that ended, holding no block, before the cut-off. */
  endedBefore: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(
      db,
      failureWindow,
      sql`${failureWindow.windowEndsAt} <= ${cutoff} and (${failureWindow.blockedUntil} is null or ${failureWindow.blockedUntil} <= ${cutoff})`,
      dryRun,
    ),
  /** Deletes windows that ended and hold no block (retention: they say nothing any more). */
  async deleteEnded(db: Db, now: Date): Promise<number> {
    const deleted = await db
      .delete(failureWindow)
      .where(
        and(
          lte(failureWindow.windowEndsAt, now),
          sql`(${failureWindow.blockedUntil} is null or ${failureWindow.blockedUntil} <= ${now})`,
        ),
      )
      .returning({ rule: failureWindow.rule });
    return deleted.length;
  },
};
