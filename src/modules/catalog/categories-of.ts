import { isTransaction, type Db } from '#db/client.ts';
import type { Ctx } from '#platform/ctx.ts';
import { catalogRepository, type CategoryRow } from './catalog.repository.ts';

type Categories = (CategoryRow & { productCount: number })[];

// One page asks for the categories several times (frame, prices, hot-selling); within one
// transaction they cannot change unless this module changes them, so the first read is kept.
const perTransaction = new WeakMap<Db, Promise<Categories>>();

/** The tenant's categories with product counts, read once per transaction. */
export function categoriesOf(ctx: Ctx): Promise<Categories> {
  // On the whole-database handle there is no transaction end to forget at.
  if (!isTransaction(ctx.db)) return catalogRepository.listCategories(ctx.db);
  let pending = perTransaction.get(ctx.db);
  if (!pending) {
    pending = catalogRepository.listCategories(ctx.db);
    perTransaction.set(ctx.db, pending);
  }
  return pending;
}

/** Drops the transaction's cached categories after this module changed categories or products. */
export function forgetCategories(ctx: Ctx): void {
  perTransaction.delete(ctx.db);
}
