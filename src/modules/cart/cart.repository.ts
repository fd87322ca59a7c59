import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { cart, cartLine } from './cart.schema.ts';
import { countOrDelete } from '#db/retention.ts';

export type CartRow = typeof cart.$inferSelect;

/** A line as the cart keeps it (no price: prices are read when the cart is shown). */
export interface CartLineRow {
  variantId: string;
  quantity: number;
  addedAt: Date;
}

/** A live cart as a request finds it; `lines` when they were read with it (in the same query). */
export type LiveCart = CartRow & { lines?: CartLineRow[] };

// The hot path's statements (every cart change and checkout), written once: see #db/statement.ts.
const CART_COLUMNS = `c.id, c.tenant_id as "tenantId", c.token_hash as "tokenHash", c.customer_id as "customerId",
  c.created_at as "createdAt", c.updated_at as "updatedAt", c.expires_at as "expiresAt"`;
// A cart's lines in the order the cart shows them (by time added, then variant id).
const LINES_JSON = `coalesce((select json_agg(json_build_object('variantId', l.variant_id, 'quantity', l.quantity,
  'addedAt', l.added_at) order by l.added_at, l.variant_id) from cart.cart_line l where l.cart_id = c.id), '[]')`;
type RawLiveCart = CartRow & { lines?: { variantId: string; quantity: number; addedAt: string }[] };
const byToken = statement<RawLiveCart>(
  `select ${CART_COLUMNS}, ${LINES_JSON} as lines from cart.cart c
   where c.token_hash = $1 and c.customer_id is null and c.expires_at > $2`,
);
// Locked, with the lines when they can be trusted. A statement that waited for the row lock sees
// the cart row as the other transaction left it, but reads everything else — the lines too — as it
// was when the statement began. Every change of a cart's lines also updates its row (see
// setQuantity), so the row's version (xmin) as locked against the version the statement's snapshot
// holds says whether the lines read with it are current; when not, the caller reads them again.
const byTokenLocked = statement<RawLiveCart & { current: boolean }>(
  `select ${CART_COLUMNS}, ${LINES_JSON} as lines,
     c.xmin::text = (select s.xmin::text from cart.cart s where s.id = c.id) as "current"
   from cart.cart c
   where c.token_hash = $1 and c.customer_id is null and c.expires_at > $2 for update of c`,
);
const linesOf = statement<CartLineRow>(
  `select variant_id as "variantId", quantity, added_at as "addedAt" from cart.cart_line
   where cart_id = $1 order by added_at, variant_id`,
);
const insertCart = statement(
  `insert into cart.cart (id, token_hash, customer_id, created_at, updated_at, expires_at)
   values ($1, $2, $3, $4, $5, $6)`,
);
const deleteCart = statement(`delete from cart.cart where id = $1`);
const upsertLine = statement(
  `with change as (
     insert into cart.cart_line (cart_id, variant_id, quantity, added_at) values ($1, $2, $3, $4)
     on conflict (cart_id, variant_id) do update set quantity = excluded.quantity)
   update cart.cart set updated_at = $4, expires_at = $5 where id = $1`,
);
const removeLine = statement(
  `with change as (delete from cart.cart_line where cart_id = $1 and variant_id = $2)
   update cart.cart set updated_at = $3, expires_at = $4 where id = $1`,
);

function withLines(row: RawLiveCart | undefined): LiveCart | undefined {
  if (!row?.lines) return row as LiveCart | undefined;
  return { ...row, lines: row.lines.map((l) => ({ ...l, addedAt: new Date(l.addedAt) })) };
}

/** All SQL of the cart module. */
export const cartRepository = {
  /** Retention (RT-1): carts past their expiry, with their lines (cascade). */
  expiredCarts: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, cart, sql`${cart.expiresAt} < ${cutoff}`, dryRun),
  async insertCart(db: Db, row: Omit<typeof cart.$inferInsert, 'tenantId'>): Promise<void> {
    await insertCart.later(db, [
      row.id,
      row.tokenHash ?? null,
      row.customerId ?? null,
      row.createdAt,
      row.updatedAt,
      row.expiresAt,
    ]);
  },
  /**
   * A live anonymous cart by its token's hash, with its lines (one query); `lock` holds it until
   * the transaction ends (the lines then come only when they are current: see byTokenLocked).
   */
  async findLiveByToken(db: Db, tokenHash: string, now: Date, lock = false): Promise<LiveCart | undefined> {
    if (!lock) return withLines(await byToken.one(db, [tokenHash, now]));
    const locked = await byTokenLocked.one(db, [tokenHash, now]);
    if (!locked) return undefined;
    const { current, lines, ...row } = locked;
    return current ? withLines({ ...row, lines }) : row;
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
  /** A cart's lines by time added, then variant id (the order the cart shows them). */
  async lines(db: Db, cartId: string): Promise<CartLineRow[]> {
    return linesOf.rows(db, [cartId]);
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
    await (quantity <= 0
      ? removeLine.later(db, [cartId, variantId, now, expiresAt])
      : upsertLine.later(db, [cartId, variantId, quantity, now, expiresAt]));
  },
  async cartsOfCustomer(db: Db, customerId: string): Promise<CartRow[]> {
    return db.select().from(cart).where(eq(cart.customerId, customerId));
  },
  async deleteCartsOfCustomer(db: Db, customerId: string): Promise<number> {
    const rows = await db.delete(cart).where(eq(cart.customerId, customerId)).returning({ id: cart.id });
    return rows.length;
  },
  async deleteCart(db: Db, id: string): Promise<void> {
    await deleteCart.later(db, [id]);
  },
  async assignToCustomer(db: Db, id: string, customerId: string): Promise<void> {
    await db.update(cart).set({ customerId, tokenHash: null }).where(eq(cart.id, id));
  },
};
