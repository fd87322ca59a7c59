import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { savedItem } from './wishlist.schema.ts';

/** All SQL of the wishlist module. */
export const wishlistRepository = {
  async save(db: Db, customerId: string, productId: string, at: Date): Promise<void> {
    await db.insert(savedItem).values({ customerId, productId, savedAt: at }).onConflictDoNothing();
  },
  async remove(db: Db, customerId: string, productId: string): Promise<void> {
    await db
      .delete(savedItem)
      .where(and(eq(savedItem.customerId, customerId), eq(savedItem.productId, productId)));
  },
  async savedOf(db: Db, customerId: string): Promise<{ productId: string; savedAt: Date }[]> {
    return db
      .select({ productId: savedItem.productId, savedAt: savedItem.savedAt })
      .from(savedItem)
      .where(eq(savedItem.customerId, customerId));
  },
  async deleteAllOf(db: Db, customerId: string): Promise<number> {
    const rows = await db
      .delete(savedItem)
      .where(eq(savedItem.customerId, customerId))
      .returning({ productId: savedItem.productId });
    return rows.length;
  },
  async productIdsOf(db: Db, customerId: string): Promise<string[]> {
    const rows = await db
      .select({ productId: savedItem.productId })
      .from(savedItem)
      .where(eq(savedItem.customerId, customerId))
      .orderBy(desc(savedItem.savedAt), desc(savedItem.productId));
    return rows.map((r) => r.productId);
  },
};
