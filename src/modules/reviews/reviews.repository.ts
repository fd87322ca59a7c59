import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { review } from './reviews.schema.ts';

export type ReviewRow = typeof review.$inferSelect;

/** All SQL of the reviews module. */
export const reviewsRepository = {
  /** Inserts a review once per order and product: false when one exists. */
  async insertOnce(db: Db, row: Omit<typeof review.$inferInsert, 'tenantId'>): Promise<boolean> {
    const rows = await db.insert(review).values(row).onConflictDoNothing().returning({ id: review.id });
    return rows.length > 0;
  },
  async byIdForUpdate(db: Db, id: string): Promise<ReviewRow | undefined> {
    const [row] = await db.select().from(review).where(eq(review.id, id)).for('update');
    return row;
  },
  async ofStatus(db: Db, status: string, limit: number): Promise<ReviewRow[]> {
    return db
      .select()
      .from(review)
      .where(eq(review.status, status))
      .orderBy(desc(review.createdAt))
      .limit(limit);
  },
  async ofOrder(db: Db, orderId: string): Promise<ReviewRow[]> {
    return db.select().from(review).where(eq(review.orderId, orderId));
  },
  async publishedOf(db: Db, productId: string, limit: number): Promise<ReviewRow[]> {
    return db
      .select()
      .from(review)
      .where(and(eq(review.productId, productId), eq(review.status, 'published')))
      .orderBy(desc(review.moderatedAt))
      .limit(limit);
  },
  async update(db: Db, id: string, values: Partial<Omit<ReviewRow, 'id' | 'tenantId'>>): Promise<void> {
    await db.update(review).set(values).where(eq(review.id, id));
  },
  /** A product's published totals, recomputed from the reviews themselves. */
  async totals(db: Db, productId: string): Promise<{ count: number; sum: number }> {
    const [row] = await db
      .select({
        count: sql<number>`count(*)::int`,
        sum: sql<number>`coalesce(sum(${review.rating}), 0)::int`,
      })
      .from(review)
      .where(and(eq(review.productId, productId), eq(review.status, 'published')));
    return row ?? { count: 0, sum: 0 };
  },
  async ofSubject(db: Db, subjectId: string): Promise<ReviewRow[]> {
    return db.select().from(review).where(eq(review.subjectId, subjectId));
  },
  /** Keeps the subject's published reviews as "Verified buyer", about nobody (the store's choice). */
  async anonymisePublished(db: Db, subjectId: string, name: string): Promise<ReviewRow[]> {
    return db
      .update(review)
      .set({ subjectId: null, body: null, displayName: null, publishedName: name })
      .where(and(eq(review.subjectId, subjectId), eq(review.status, 'published')))
      .returning();
  },
  async deleteOfSubject(db: Db, subjectId: string): Promise<ReviewRow[]> {
    return db.delete(review).where(eq(review.subjectId, subjectId)).returning();
  },
};
