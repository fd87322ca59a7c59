import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { delivery } from '#db/platform.schema.ts';

export type DeliveryRow = typeof delivery.$inferSelect;

/** All SQL of event delivery. */
export const deliveryRepository = {
  async insert(db: Db, rows: (typeof delivery.$inferInsert)[]): Promise<void> {
    if (rows.length > 0) await db.insert(delivery).values(rows);
  },
  /** Due deliveries of the transaction's tenant, locked; rows another process holds are skipped. */
  async takeDue(db: Db, now: Date, limit: number): Promise<DeliveryRow[]> {
    return db
      .select()
      .from(delivery)
      .where(and(isNull(delivery.deliveredAt), isNull(delivery.deadAt), lte(delivery.nextAttemptAt, now)))
      .orderBy(asc(delivery.nextAttemptAt), asc(delivery.id))
      .limit(limit)
      .for('update', { skipLocked: true });
  },
  async markDelivered(db: Db, id: string, at: Date): Promise<void> {
    await db
      .update(delivery)
      .set({ deliveredAt: at, attempts: sql`${delivery.attempts} + 1` })
      .where(eq(delivery.id, id));
  },
  async markAllDelivered(db: Db, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await db
      .update(delivery)
      .set({ deliveredAt: at, attempts: sql`${delivery.attempts} + 1` })
      .where(inArray(delivery.id, ids));
  },
  async markFailed(db: Db, id: string, error: string, next: Date | null, at: Date): Promise<void> {
    await db
      .update(delivery)
      .set({
        attempts: sql`${delivery.attempts} + 1`,
        lastError: error,
        ...(next ? { nextAttemptAt: next } : { deadAt: at }),
      })
      .where(eq(delivery.id, id));
  },
  async pendingCount(db: Db): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(delivery)
      .where(and(isNull(delivery.deliveredAt), isNull(delivery.deadAt)));
    return row?.n ?? 0;
  },
};
