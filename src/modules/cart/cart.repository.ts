import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '#db/client.ts';
import { cart, cartLine } from './cart.schema.ts';
import { countOrDelete } from '#db/retention.ts';

export type CartRow = typeof cart.$inferSelect;

/** All SQL of the cart module. */
export const cartRepository = {
  /** Retention (RT-1): carts past their expiry, with their lines (cascade). */
  expiredCarts: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, cart, sql`${cart.expiresAt} < ${cutoff}`, dryRun),
  async insertCart(db: Db, row: typeof cart.$inferInsert): Promise<void> {
    await db.insert(cart).values(row);
  },
  /** A live anonymous cart by its token's hash; `lock` holds it until the transaction ends. */
  async findLiveByToken(db: Db, tokenHash: string, now: Date, lock = false): Promise<CartRow | undefined> {
    const query = db
      .select()
      .from(cart)
      .where(and(eq(cart.tokenHash, tokenHash), isNull(cart.customerId), gt(cart.expiresAt, now)));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  },
  /** A member's live cart; `lock` holds it until the transaction ends. */
  async findLiveByCustomer(
    db: Db,
    customerId: string,
    now: Date,
    lock = false,
  ): Promise<CartRow | undefined> {
    const query = db
      .select()
      .from(cart)
      .where(and(eq(cart.customerId, customerId), gt(cart.expiresAt, now)))
      .orderBy(asc(cart.createdAt))
      .limit(1);
    const [row] = lock ? await query.for('update') : await query;
    return row;
  },
  async findById(db: Db, id: string): Promise<CartRow | undefined> {
    const [row] = await db.select().from(cart).where(eq(cart.id, id));
    return row;
  },
  async touch(db: Db, id: string, now: Date, expiresAt: Date): Promise<void> {
    await db.update(cart).set({ updatedAt: now, expiresAt }).where(eq(cart.id, id));
  },
  async lines(db: Db, cartId: string): Promise<{ variantId: string; quantity: number; addedAt: Date }[]> {
    return db
      .select({ variantId: cartLine.variantId, quantity: cartLine.quantity, addedAt: cartLine.addedAt })
      .from(cartLine)
      .where(eq(cartLine.cartId, cartId))
      .orderBy(asc(cartLine.addedAt), asc(cartLine.variantId));
  },
  async quantityOf(db: Db, cartId: string, variantId: string): Promise<number> {
    const [row] = await db
      .select({ quantity: cartLine.quantity })
      .from(cartLine)
      .where(and(eq(cartLine.cartId, cartId), eq(cartLine.variantId, variantId)));
    return row?.quantity ?? 0;
  },
  /**
   * Sets a line's quantity (0 deletes it) and extends the cart's life, in one statement. A line
   * keeps the time it was first added, so the cart's order does not jump around.
   */
  async setQuantity(
    db: Db,
    cartId: string,
    variantId: string,
    quantity: number,
    now: Date,
    expiresAt: Date,
  ): Promise<void> {
    const change =
      quantity <= 0
        ? db
            .delete(cartLine)
            .where(and(eq(cartLine.cartId, cartId), eq(cartLine.variantId, variantId)))
            .getSQL()
        : db
            .insert(cartLine)
            .values({ cartId, variantId, quantity, addedAt: now })
            .onConflictDoUpdate({
              target: [cartLine.cartId, cartLine.variantId],
              set: { quantity: sql`excluded.quantity` },
            })
            .getSQL();
    await queryRows(
      db,
      sql`with change as (${change}) ${db.update(cart).set({ updatedAt: now, expiresAt }).where(eq(cart.id, cartId)).getSQL()}`,
    );
  },
  async cartsOfCustomer(db: Db, customerId: string): Promise<CartRow[]> {
    return db.select().from(cart).where(eq(cart.customerId, customerId));
  },
  async deleteCartsOfCustomer(db: Db, customerId: string): Promise<number> {
    const rows = await db.delete(cart).where(eq(cart.customerId, customerId)).returning({ id: cart.id });
    return rows.length;
  },
  async deleteCart(db: Db, id: string): Promise<void> {
    await db.delete(cart).where(eq(cart.id, id));
  },
  async assignToCustomer(db: Db, id: string, customerId: string): Promise<void> {
    await db.update(cart).set({ customerId, tokenHash: null }).where(eq(cart.id, id));
  },
};
