import { countOrDelete, exceptSubjects } from '#db/retention.ts';
import { and, inArray, asc, desc, eq, gt, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { sqlArray } from '#db/schema-helpers.ts';
import { accessGrant, order, orderLine, shippingAddress, statusChange } from './orders.schema.ts';

export type OrderRow = typeof order.$inferSelect;
export type OrderLineRow = typeof orderLine.$inferSelect;
export type ShippingAddressRow = typeof shippingAddress.$inferSelect;

/** The order reached `status` before `before` (its status history says so). */
const reached = (orderId: typeof order.id, status: string, before: Date) =>
  sql`exists (select 1 from ${statusChange} s where s.order_id = ${orderId} and s.to_status = ${status} and s.at < ${before})`;

/**
 * Retention's candidates: ids of orders still linked to a person that match `where`, oldest first,
 * leaving out the subjects of `held` (legal holds).
 */
async function identifiedOrdersWhere(
  db: Db,
  where: SQL,
  limit: number,
  held: readonly string[],
): Promise<string[]> {
  const rows = await db
    .select({ id: order.id })
    .from(order)
    .where(and(isNotNull(order.subjectId), sql`(${where})`, exceptSubjects(order.subjectId, held)))
    .orderBy(asc(order.placedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * A new order — header, lines, sealed address, first status and (for a guest) an access grant —
 * in one statement: every checkout runs it, hence written once (#db/statement.ts). The lines
 * travel as arrays, one per column, so the text is the same for any number of lines.
 */
const insertOrderStatement = statement(
  `with header as (
     insert into orders."order" (id, number, channel, external_ref, customer_id, subject_id, status, currency,
       subtotal_was_cents, subtotal_now_cents, shipping_cents, total_cents, contact_email, contact_email_index,
       privacy_policy_version, policy_accepted_at, placed_at, updated_at)
     values ($1::text, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)),
   lines as (
     insert into orders.order_line (order_id, position, variant_id, product_id, sku, product_name, variant_title,
       quantity, unit_was_cents, unit_now_cents, campaign_slug)
     select $1::text, * from unnest($19::int[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[],
       $25::int[], $26::int[], $27::int[], $28::text[])),
   address as (
     insert into orders.shipping_address (order_id, recipient_name, street_line1, street_line2, city, region,
       postal_code, country_code, phone)
     values ($1::text, $29, $30, $31, $32, $33, $34, $35, $36)),
   status as (
     insert into orders.status_change (order_id, at, from_status, to_status, actor)
     values ($1::text, $37, $38::text, $39, $40))
   insert into orders.access_grant (token_hash, order_id, expires_at)
   select $41::text, $1::text, $42::timestamptz where $41::text is not null`,
);

const orderWithLines = statement<OrderRow & { lines: OrderLineRow[] }>(
  `select o.id, o.tenant_id as "tenantId", o.number, o.channel, o.external_ref as "externalRef",
     o.customer_id as "customerId", o.subject_id as "subjectId", o.status, o.currency,
     o.subtotal_was_cents as "subtotalWasCents", o.subtotal_now_cents as "subtotalNowCents",
     o.shipping_cents as "shippingCents", o.total_cents as "totalCents", o.contact_email as "contactEmail",
     o.contact_email_index as "contactEmailIndex", o.privacy_policy_version as "privacyPolicyVersion",
     o.policy_accepted_at as "policyAcceptedAt", o.placed_at as "placedAt", o.updated_at as "updatedAt",
     o.payment_provider as "legacyPaymentProvider", o.payment_charge_id as "legacyPaymentChargeId",
     coalesce((select json_agg(json_build_object('tenantId', l.tenant_id, 'orderId', l.order_id,
       'position', l.position, 'variantId', l.variant_id, 'productId', l.product_id, 'sku', l.sku,
       'productName', l.product_name, 'variantTitle', l.variant_title, 'quantity', l.quantity,
       'unitWasCents', l.unit_was_cents, 'unitNowCents', l.unit_now_cents, 'campaignSlug', l.campaign_slug)
       order by l.position) from orders.order_line l where l.order_id = o.id), '[]') as lines
   from orders."order" o where o.id = $1`,
);

const transitionStatement = statement(
  `with moved as (
     update orders."order" set status = $1, updated_at = $2 where id = $3 and status = $4 returning id)
   insert into orders.status_change (order_id, at, from_status, to_status, actor)
   select id, $2, $4, $1, $5 from moved`,
);

/** All SQL of the orders module. */
export const ordersRepository = {
  /**
   * Writes a new order whole — header, lines, sealed address, first status and (for a guest) the
   * access grant — in one statement: one round trip, and never half an order.
   */
  async insertOrder(
    db: Db,
    rows: {
      order: typeof order.$inferInsert;
      lines: (typeof orderLine.$inferInsert)[];
      address: typeof shippingAddress.$inferInsert;
      status: typeof statusChange.$inferInsert;
      grant: typeof accessGrant.$inferInsert | undefined;
    },
  ): Promise<void> {
    const o = rows.order;
    const a = rows.address;
    const l = rows.lines;
    await insertOrderStatement.later(db, [
      o.id,
      o.number,
      o.channel,
      o.externalRef ?? null,
      o.customerId ?? null,
      o.subjectId ?? null,
      o.status,
      o.currency,
      o.subtotalWasCents,
      o.subtotalNowCents,
      o.shippingCents,
      o.totalCents,
      o.contactEmail ?? null,
      o.contactEmailIndex ?? null,
      o.privacyPolicyVersion ?? null,
      o.policyAcceptedAt ?? null,
      o.placedAt,
      o.updatedAt,
      l.map((x) => x.position),
      l.map((x) => x.variantId),
      l.map((x) => x.productId),
      l.map((x) => x.sku),
      l.map((x) => x.productName),
      l.map((x) => x.variantTitle),
      l.map((x) => x.quantity),
      l.map((x) => x.unitWasCents),
      l.map((x) => x.unitNowCents),
      l.map((x) => x.campaignSlug ?? null),
      a.recipientName ?? null,
      a.streetLine1 ?? null,
      a.streetLine2 ?? null,
      a.city ?? null,
      a.region ?? null,
      a.postalCode ?? null,
      a.countryCode,
      a.phone ?? null,
      rows.status.at,
      rows.status.fromStatus ?? null,
      rows.status.toStatus,
      rows.status.actor,
      rows.grant?.tokenHash ?? null,
      rows.grant?.expiresAt ?? null,
    ]);
  },
  /**
   * Moves an order from one status to another and records the change, in one statement; false
   * when the order was not in `from` (someone else moved it first).
   */
  async transition(db: Db, id: string, from: string, to: string, at: Date, actor: string): Promise<boolean> {
    return (await transitionStatement.run(db, [to, at, id, from, actor])) === 1;
  },
  async insertStatusChange(db: Db, row: typeof statusChange.$inferInsert): Promise<void> {
    await db.insert(statusChange).values(row);
  },
  async setStatus(db: Db, id: string, status: string, now: Date): Promise<void> {
    await db.update(order).set({ status, updatedAt: now }).where(eq(order.id, id));
  },
  async byId(db: Db, id: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.id, id));
    return row;
  },
  async byChannelRef(db: Db, channel: string, externalRef: string): Promise<OrderRow | undefined> {
    const [row] = await db
      .select()
      .from(order)
      .where(and(eq(order.channel, channel), eq(order.externalRef, externalRef)));
    return row;
  },
  /** The order, locked for a status change. */
  async byIdForUpdate(db: Db, id: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.id, id)).for('update');
    return row;
  },
  /** Placed orders whose contact e-mail has this blind index, newest first (customer lookup). */
  async byContactEmailIndex(db: Db, emailIndex: string, limit: number): Promise<OrderRow[]> {
    return db
      .select()
      .from(order)
      .where(and(eq(order.contactEmailIndex, emailIndex), sql`${order.status} <> 'awaiting_payment'`))
      .orderBy(desc(order.placedAt), desc(order.id))
      .limit(limit);
  },
  async byNumber(db: Db, number: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(order).where(eq(order.number, number));
    return row;
  },
  /** An order with its lines, in one query (every confirmation e-mail reads one). */
  async withLines(db: Db, id: string): Promise<{ order: OrderRow; lines: OrderLineRow[] } | undefined> {
    const row = await orderWithLines.one(db, [id]);
    if (!row) return undefined;
    const { lines, ...header } = row;
    return { order: header, lines };
  },
  async lines(db: Db, orderId: string): Promise<OrderLineRow[]> {
    return db.select().from(orderLine).where(eq(orderLine.orderId, orderId)).orderBy(asc(orderLine.position));
  },
  /** Replaces an order's shipping address (sealed values) while the order has not shipped; false otherwise. */
  async replaceAddress(
    db: Db,
    orderId: string,
    values: Omit<typeof shippingAddress.$inferInsert, 'orderId' | 'tenantId'>,
    changeableStatuses: string[],
  ): Promise<boolean> {
    const rows = await db
      .update(shippingAddress)
      .set(values)
      .where(
        and(
          eq(shippingAddress.orderId, orderId),
          sql`exists (select 1 from ${order} o where o.id = ${orderId} and o.status = any(${sqlArray(changeableStatuses, 'text')}))`,
        ),
      )
      .returning({ id: shippingAddress.orderId });
    return rows.length > 0;
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
  /** The newest orders of the store (not those still awaiting payment), optionally of some statuses. */
  /**
   * Sales per local day since `since` (orders, revenue, distinct people), for the aggregates
   * helper: paid and later orders only; cancelled ones are not sales.
   */
  async salesByDay(db: Db, since: Date, timeZone: string) {
    return queryRows<{
      day: string;
      orders: number;
      revenue_cents: number;
      people: number;
      currency: string;
    }>(
      db,
      sql`select to_char(${order.placedAt} at time zone ${timeZone}, 'YYYY-MM-DD') as day, ${order.currency} as currency,
            count(*)::int as orders, sum(${order.totalCents})::bigint::float8 as revenue_cents,
            count(distinct ${order.subjectId})::int as people
          from ${order}
          where ${order.placedAt} >= ${since.toISOString()}::timestamptz
            and ${order.status} in ('paid', 'processing', 'shipped', 'delivered')
          group by 1, 2 order by 1, 2`,
    );
  },
  /**
   * Orders placed since `since` that shipped (and were delivered), with when: the service-level
   * report's input. Subject ids only count distinct people; they never leave the report.
   */
  async shippedSince(db: Db, since: Date) {
    return queryRows<{
      subject_id: string | null;
      placed_at: Date;
      shipped_at: Date;
      delivered_at: Date | null;
    }>(
      db,
      sql`select o.subject_id, o.placed_at,
            (select min(s.at) from ${statusChange} s where s.order_id = o.id and s.to_status = 'shipped') as shipped_at,
            (select min(s.at) from ${statusChange} s where s.order_id = o.id and s.to_status = 'delivered') as delivered_at
          from ${order} o
          where o.placed_at >= ${since.toISOString()}::timestamptz and o.status in ('shipped', 'delivered')`,
    );
  },
  /** Units sold per product since `since`, with distinct buyers (the aggregates helper's input). */
  async unitsByProduct(db: Db, since: Date) {
    return queryRows<{ product: string; units: number; revenue_cents: number; people: number }>(
      db,
      sql`select l.product_name as product, sum(l.quantity)::int as units,
            sum(l.quantity * l.unit_now_cents)::bigint::float8 as revenue_cents,
            count(distinct o.subject_id)::int as people
          from ${orderLine} l join ${order} o on o.id = l.order_id
          where o.placed_at >= ${since.toISOString()}::timestamptz
            and o.status in ('paid', 'processing', 'shipped', 'delivered')
          group by l.product_name order by units desc, product`,
    );
  },
  /** Campaign (discount) use since `since`: orders, discount given, distinct buyers. */
  async campaignUse(db: Db, since: Date) {
    return queryRows<{ campaign: string; orders: number; discount_cents: number; people: number }>(
      db,
      sql`select l.campaign_slug as campaign, count(distinct o.id)::int as orders,
            sum(l.quantity * (l.unit_was_cents - l.unit_now_cents))::bigint::float8 as discount_cents,
            count(distinct o.subject_id)::int as people
          from ${orderLine} l join ${order} o on o.id = l.order_id
          where l.campaign_slug is not null and o.placed_at >= ${since.toISOString()}::timestamptz
            and o.status in ('paid', 'processing', 'shipped', 'delivered')
          group by l.campaign_slug order by orders desc, campaign`,
    );
  },
  async recent(db: Db, limit: number, statuses?: string[]) {
    return db
      .select()
      .from(order)
      .where(
        and(
          sql`${order.status} <> 'awaiting_payment'`,
          statuses && statuses.length > 0 ? inArray(order.status, statuses) : undefined,
        ),
      )
      .orderBy(desc(order.placedAt), desc(order.id))
      .limit(limit);
  },
  /** Orders in the given statuses, oldest first (the packing queue). */
  async oldestIn(db: Db, statuses: string[], limit: number) {
    return db
      .select()
      .from(order)
      .where(inArray(order.status, statuses))
      .orderBy(asc(order.placedAt), asc(order.id))
      .limit(limit);
  },
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
      .where(and(eq(order.customerId, customerId), sql`${order.status} <> 'awaiting_payment'`))
      .orderBy(desc(order.placedAt))
      .limit(limit);
  },
  /** Every order of a data subject (as the member who placed it, or as its sealing subject). */
  async ofSubject(db: Db, subjectId: string): Promise<OrderRow[]> {
    return db
      .select()
      .from(order)
      .where(or(eq(order.customerId, subjectId), eq(order.subjectId, subjectId)))
      .orderBy(asc(order.placedAt));
  },
  /**
   * Anonymises a subject's orders (DR-4, RT-2): every personal column and both links to the
   * subject become NULL, grants go; amounts, items and the country stay for the books.
   */
  /** The subjects of guest orders (no member) placed with one e-mail address (its blind index). */
  async guestSubjectsByEmailIndex(db: Db, emailIndex: string): Promise<string[]> {
    const rows = await db
      .selectDistinct({ subjectId: order.subjectId })
      .from(order)
      .where(and(eq(order.contactEmailIndex, emailIndex), sql`${order.customerId} is null`))
      .limit(200);
    return rows.flatMap((r) => (r.subjectId ? [r.subjectId] : []));
  },
  /** Retention (RT-1): order access grants past their expiry. */
  expiredGrants: (db: Db, cutoff: Date, dryRun: boolean) =>
    countOrDelete(db, accessGrant, sql`${accessGrant.expiresAt} < ${cutoff}`, dryRun),
  async anonymiseSubject(db: Db, subjectId: string, onlyStatuses?: readonly string[]): Promise<number> {
    const ids = await db
      .update(order)
      .set({ customerId: null, subjectId: null, contactEmail: null, contactEmailIndex: null })
      .where(
        and(
          or(eq(order.customerId, subjectId), eq(order.subjectId, subjectId)),
          onlyStatuses ? inArray(order.status, [...onlyStatuses]) : undefined,
        ),
      )
      .returning({ id: order.id });
    await this.forgetAddresses(
      db,
      ids.map((r) => r.id),
    );
    return ids.length;
  },
  /** Anonymises orders by id (RT-2): contact, links to the subject and address go; facts stay. */
  async anonymiseOrders(db: Db, orderIds: readonly string[]): Promise<number> {
    if (orderIds.length === 0) return 0;
    const ids = await db
      .update(order)
      .set({ customerId: null, subjectId: null, contactEmail: null, contactEmailIndex: null })
      .where(inArray(order.id, [...orderIds]))
      .returning({ id: order.id });
    await this.forgetAddresses(
      db,
      ids.map((r) => r.id),
    );
    return ids.length;
  },
  /**
   * Identified orders that are over (RT-2): delivered before `deliveredBefore` (the return window
   * has passed) or cancelled before `cancelledBefore`, oldest first.
   */
  closedOrders: (
    db: Db,
    deliveredBefore: Date,
    cancelledBefore: Date,
    limit: number,
    held: readonly string[] = [],
  ): Promise<string[]> =>
    identifiedOrdersWhere(
      db,
      sql`(${order.status} = 'delivered' and ${reached(order.id, 'delivered', deliveredBefore)})
          or (${order.status} = 'cancelled' and ${reached(order.id, 'cancelled', cancelledBefore)})`,
      limit,
      held,
    ),
  /**
   * Identified orders of `channel` delivered before `deliveredBefore`, whatever they became since
   * (a marketplace's buyer data goes on the delivery clock, not the store's return window), oldest
   * first.
   */
  deliveredOrdersOf: (
    db: Db,
    channel: string,
    deliveredBefore: Date,
    limit: number,
    held: readonly string[] = [],
  ): Promise<string[]> =>
    identifiedOrdersWhere(
      db,
      sql`${order.channel} = ${channel} and ${reached(order.id, 'delivered', deliveredBefore)}`,
      limit,
      held,
    ),
  /** Which of `orderIds` came from `channel`. */
  async ofChannel(db: Db, orderIds: readonly string[], channel: string): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows = await db
      .select({ id: order.id })
      .from(order)
      .where(and(inArray(order.id, [...orderIds]), eq(order.channel, channel)));
    return rows.map((r) => r.id);
  },
  async forgetAddresses(db: Db, orderIds: readonly string[]): Promise<void> {
    for (const id of orderIds) {
      await db
        .update(shippingAddress)
        .set({
          recipientName: null,
          streetLine1: null,
          streetLine2: null,
          city: null,
          region: null,
          postalCode: null,
          phone: null,
        })
        .where(eq(shippingAddress.orderId, id));
      await db.delete(accessGrant).where(eq(accessGrant.orderId, id));
    }
  },
  /** How many of the subject's orders are not in one of `statuses` (still open). */
  async countOfSubjectNotIn(db: Db, subjectId: string, statuses: readonly string[]): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(order)
      .where(
        and(
          or(eq(order.customerId, subjectId), eq(order.subjectId, subjectId)),
          sql`${order.status} not in (${sql.join(
            statuses.map((s) => sql`${s}`),
            sql`, `,
          )})`,
        ),
      );
    return row?.n ?? 0;
  },
  /** Deletes an order that never became one (its payment was declined); its rows cascade. */
  async deleteOrder(db: Db, id: string): Promise<void> {
    await db.delete(order).where(eq(order.id, id));
  },
  /** Orders still holding a payment reference in the clear (stored before the payments ledger). */
  async withLegacyCharge(db: Db): Promise<OrderRow[]> {
    return db
      .select()
      .from(order)
      .where(sql`${order.legacyPaymentChargeId} is not null`);
  },
  async clearLegacyCharge(db: Db, id: string): Promise<void> {
    await db
      .update(order)
      .set({ legacyPaymentChargeId: null, legacyPaymentProvider: null })
      .where(eq(order.id, id));
  },
  async insertGrant(db: Db, row: typeof accessGrant.$inferInsert): Promise<void> {
    await db.insert(accessGrant).values(row);
  },
  async grantedOrder(
    db: Db,
    tokenHash: string,
    now: Date,
  ): Promise<{ orderId: string; subjectId: string | null } | undefined> {
    const [row] = await db
      .select({ orderId: accessGrant.orderId, subjectId: order.subjectId })
      .from(accessGrant)
      .innerJoin(order, eq(order.id, accessGrant.orderId))
      .where(and(eq(accessGrant.tokenHash, tokenHash), gt(accessGrant.expiresAt, now)));
    return row;
  },
};
