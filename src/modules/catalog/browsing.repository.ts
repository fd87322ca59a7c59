import { exceptSubjects } from '#db/retention.ts';
import { and, desc, eq, inArray, lt, notInArray } from 'drizzle-orm';
import { countOrDelete } from '#db/retention.ts';
import type { Db } from '#db/client.ts';
import { browsingEvent } from './browsing.schema.ts';
import { product } from './catalog.schema.ts';
import { catalogRepository, type ProductRow } from './catalog.repository.ts';

/** SQL for the consented browsing history (browsing.schema.ts). */
export const browsingRepository = {
  async insert(db: Db, row: typeof browsingEvent.$inferInsert): Promise<void> {
    await db.insert(browsingEvent).values(row);
  },
  async recentOf(db: Db, holder: string, limit: number) {
    return db
      .select()
      .from(browsingEvent)
      .where(eq(browsingEvent.holder, holder))
      .orderBy(desc(browsingEvent.at), desc(browsingEvent.id))
      .limit(limit);
  },
  /** Retention (RT-1): consented browsing records older than the cut-off. */
  olderThan: (db: Db, cutoff: Date, dryRun: boolean, held: readonly string[] = []) =>
    countOrDelete(
      db,
      browsingEvent,
      and(lt(browsingEvent.at, cutoff), exceptSubjects(browsingEvent.holder, held))!,
      dryRun,
    ),
  async deleteOf(db: Db, holder: string): Promise<number> {
    const rows = await db
      .delete(browsingEvent)
      .where(eq(browsingEvent.holder, holder))
      .returning({ id: browsingEvent.id });
    return rows.length;
  },
  /** Best sellers of some categories, leaving some products out. */
  async bestInCategories(
    db: Db,
    categoryIds: string[],
    except: string[],
    limit: number,
  ): Promise<ProductRow[]> {
    if (categoryIds.length === 0) return [];
    const ids = await db
      .select({ id: product.id })
      .from(product)
      .where(
        and(
          inArray(product.categoryId, categoryIds),
          except.length > 0 ? notInArray(product.id, except) : undefined,
        ),
      )
      .orderBy(desc(product.unitsSold), product.id)
      .limit(limit);
    const rows = await catalogRepository.productsByIds(
      db,
      ids.map((r) => r.id),
    );
    const order = new Map(ids.map((r, i) => [r.id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  },
};
