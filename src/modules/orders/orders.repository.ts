import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '#db/client.ts';
import { accessGrant, order, orderLine, shippingAddress, statusChange } from './orders.schema.ts';

export type OrderRow = typeof order.$inferSelect;
export type OrderLineRow = typeof orderLine.$inferSelect;
export type ShippingAddressRow = typeof shippingAddress.$inferSelect;

/** All SQL of the orders module. */
export const ordersRepository = {
  /**
   * Inserts the order header unless its idempotency key is taken. A concurrent submission with the
   * same key waits here for the first to commit, then inserts nothing: returns false.
   */
  async insertOrderOnce(db: Db, row: typeof order.$inferInsert): Promise<boolean> {
    const inserted = await db
      .insert(order)
      .values(row)
      .onConflictDoNothing({ target: [order.tenantId, order.idempotencyKey] })
      .returning({ id: order.id });
    return inserted.length === 1;
  },
  /**
   * Writes what belongs to a new order — its lines, sealed address, first status and the guest's
   * access grant — in one statement (one round trip instead of four).
   */
  async insertOrderDetails(
    db: Db,
    rows: {
      lines: (typeof orderLine.$inferInsert)[];
      address: typeof shippingAddress.$inferInsert;
      status: typeof statusChange.$inferInsert;
      grant: typeof accessGrant.$inferInsert;
    },
  ): Promise<void> {
    await queryRows(
      db,
      sql`with lines as (${db.insert(orderLine).values(rows.lines).getSQL()}),
               address as (${db.insert(shippingAddress).values(rows.address).getSQL()}),
               status as (${db.insert(statusChange).values(rows.status).getSQL()})
          ${db.insert(accessGrant).values(rows.grant).getSQL()}`,
    );
  },
  async insertStatusChange(db: Db, row: typeof statusChange.$inferInsert): Promise<void> {
    await db.insert(statusChange).values(row);
  },
  async setStatus(db: Db, id: string, status: string, now: Date): Promise<void> {
    await db.update(order).set({ status, updatedAt: now }).where(eq(order.id, id));
  },
  async setCharge(db: Db, id: string, chargeId: string): Promise<void> {
    await db.update(order).set({ paymentChargeId: chargeId }).where(eq(order.id, id));
  },
  async byIdempotencyKey(db: Db, key: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.idempotencyKey, key));
    return row;
  },
  /** The newest order with this request hash (the same cart owner) placed since `since`. */
  async latestOfRequester(db: Db, requestHash: string, since: Date): Promise<OrderRow | undefined> {
    const [row] = await db
      .select()
      .from(order)
      .where(and(eq(order.requestHash, requestHash), gt(order.placedAt, since)))
      .orderBy(desc(order.placedAt))
      .limit(1);
    return row;
  },
  async byId(db: Db, id: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.id, id));
    return row;
  },
  /** The order, locked for a status change. */
  async byIdForUpdate(db: Db, id: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.id, id)).for('update');
    return row;
  },
  async byNumber(db: Db, number: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.number, number));
    return row;
  },
  async lines(db: Db, orderId: string): Promise<OrderLineRow[]> {
    return db.select().from(orderLine).where(eq(orderLine.orderId, orderId)).orderBy(asc(orderLine.position));
  },
  async address(db: Db, orderId: string): Promise<ShippingAddressRow | undefined> {
    const [row] = await db.select().from(shippingAddress).where(eq(shippingAddress.orderId, orderId));
    return row;
  },
  async statusHistory(db: Db, orderId: string) {
    return db
      .select({ at: statusChange.at, fromStatus: statusChange.fromStatus, toStatus: statusChange.toStatus })
      .from(statusChange)
      .where(eq(statusChange.orderId, orderId))
      .orderBy(asc(statusChange.at));
  },
  /** A member's orders, newest first, with their unit counts (one query, no N+1). */
  async ofCustomer(db: Db, customerId: string, limit: number) {
    return db
      .select({
        id: order.id,
        number: order.number,
        status: order.status,
        totalCents: order.totalCents,
        currency: order.currency,
        placedAt: order.placedAt,
        units: sql<number>`(select coalesce(sum(${orderLine.quantity}), 0)::int from ${orderLine} where ${orderLine.orderId} = ${order.id})`,
      })
      .from(order)
      .where(eq(order.customerId, customerId))
      .orderBy(desc(order.placedAt))
      .limit(limit);
  },
  async insertGrant(db: Db, row: typeof accessGrant.$inferInsert): Promise<void> {
    await db.insert(accessGrant).values(row);
  },
  async grantedOrderId(db: Db, tokenHash: string, now: Date): Promise<string | undefined> {
    const [row] = await db
      .select({ orderId: accessGrant.orderId })
      .from(accessGrant)
      .where(and(eq(accessGrant.tokenHash, tokenHash), gt(accessGrant.expiresAt, now)));
    return row?.orderId;
  },
};
