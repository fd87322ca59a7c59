import { exceptSubjects } from '#db/retention.ts';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { shipment, trackingEvent } from './shipping.schema.ts';

export type ShipmentRow = typeof shipment.$inferSelect;
export type TrackingEventRow = typeof trackingEvent.$inferSelect;

/** All SQL of the shipping module. */
export const shippingRepository = {
  async insert(db: Db, row: Omit<typeof shipment.$inferInsert, 'tenantId'>): Promise<void> {
    await db.insert(shipment).values(row);
  },
  async byId(db: Db, id: string): Promise<ShipmentRow | undefined> {
    const [row] = await db.select().from(shipment).where(eq(shipment.id, id));
    return row;
  },
  async outboundOf(db: Db, orderId: string): Promise<ShipmentRow | undefined> {
    const [row] = await db
      .select()
      .from(shipment)
      .where(and(eq(shipment.orderId, orderId), eq(shipment.direction, 'outbound')));
    return row;
  },
  async ofOrder(db: Db, orderId: string): Promise<ShipmentRow[]> {
    return db.select().from(shipment).where(eq(shipment.orderId, orderId)).orderBy(asc(shipment.createdAt));
  },
  async ofReturn(db: Db, returnId: string): Promise<ShipmentRow | undefined> {
    const [row] = await db.select().from(shipment).where(eq(shipment.returnId, returnId));
    return row;
  },
  async byTrackingNumber(db: Db, trackingNumber: string): Promise<ShipmentRow | undefined> {
    const [row] = await db.select().from(shipment).where(eq(shipment.trackingNumber, trackingNumber));
    return row;
  },
  async byTrackingNumberForUpdate(db: Db, trackingNumber: string): Promise<ShipmentRow | undefined> {
    const [row] = await db
      .select()
      .from(shipment)
      .where(eq(shipment.trackingNumber, trackingNumber))
      .for('update');
    return row;
  },
  async recent(db: Db, limit: number): Promise<ShipmentRow[]> {
    return db.select().from(shipment).orderBy(desc(shipment.createdAt), desc(shipment.id)).limit(limit);
  },
  async setStatus(
    db: Db,
    id: string,
    values: Partial<Pick<ShipmentRow, 'status' | 'deliveredAt'>>,
  ): Promise<void> {
    await db.update(shipment).set(values).where(eq(shipment.id, id));
  },
  async markTrackingRegistered(db: Db, id: string, at: Date): Promise<void> {
    await db.update(shipment).set({ trackingRegisteredAt: at }).where(eq(shipment.id, id));
  },
  /** Parcels never registered with the tracking provider (a refusal or an outage), oldest first. */
  async unregistered(db: Db, limit: number): Promise<ShipmentRow[]> {
    return db
      .select()
      .from(shipment)
      .where(and(isNull(shipment.trackingRegisteredAt), isNull(shipment.deliveredAt)))
      .orderBy(asc(shipment.createdAt))
      .limit(limit);
  },
  /** Outbound parcels past their promised day, not delivered, not yet flagged: flags them; returns them. */
  async flagLate(db: Db, now: Date): Promise<ShipmentRow[]> {
    return db
      .update(shipment)
      .set({ lateSince: now })
      .where(
        and(
          eq(shipment.direction, 'outbound'),
          isNull(shipment.deliveredAt),
          isNull(shipment.lateSince),
          lt(shipment.expectedBy, now),
        ),
      )
      .returning();
  },
  /** Records a scan once (a repeated webhook finds it there): true when it is new. */
  async insertEvent(db: Db, row: Omit<typeof trackingEvent.$inferInsert, 'tenantId'>): Promise<boolean> {
    const inserted = await db
      .insert(trackingEvent)
      .values(row)
      .onConflictDoNothing({ target: [trackingEvent.tenantId, trackingEvent.providerEventId] })
      .returning({ id: trackingEvent.id });
    return inserted.length > 0;
  },
  async events(db: Db, shipmentId: string): Promise<TrackingEventRow[]> {
    return db
      .select()
      .from(trackingEvent)
      .where(eq(trackingEvent.shipmentId, shipmentId))
      .orderBy(asc(trackingEvent.occurredAt), asc(trackingEvent.id));
  },
  /** Delivery-time facts for the operations dashboard: shipped and delivered outbound parcels. */
  async deliveryStats(db: Db, since: Date) {
    const [row] = await db
      .select({
        shipped: sql<number>`count(*)::int`,
        delivered: sql<number>`count(${shipment.deliveredAt})::int`,
        onTime: sql<number>`count(*) filter (where ${shipment.deliveredAt} <= ${shipment.expectedBy})::int`,
        late: sql<number>`count(${shipment.lateSince})::int`,
      })
      .from(shipment)
      .where(and(eq(shipment.direction, 'outbound'), sql`${shipment.createdAt} >= ${since}`));
    return row!;
  },
  async deleteOfSubject(db: Db, subjectId: string): Promise<number> {
    const ids = db.select({ id: shipment.id }).from(shipment).where(eq(shipment.subjectId, subjectId));
    await db.delete(trackingEvent).where(sql`${trackingEvent.shipmentId} in (${ids})`);
    const rows = await db
      .delete(shipment)
      .where(eq(shipment.subjectId, subjectId))
      .returning({ id: shipment.id });
    return rows.length;
  },
  /** Deletes the subject's delivered parcels (history, DR-3); counts the ones still travelling. */
  async forgetDelivered(db: Db, subjectId: string): Promise<{ forgotten: number; waiting: number }> {
    const done = and(eq(shipment.subjectId, subjectId), isNotNull(shipment.deliveredAt));
    const ids = db.select({ id: shipment.id }).from(shipment).where(done);
    await db.delete(trackingEvent).where(sql`${trackingEvent.shipmentId} in (${ids})`);
    const rows = await db.delete(shipment).where(done).returning({ id: shipment.id });
    const [open] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(shipment)
      .where(eq(shipment.subjectId, subjectId));
    return { forgotten: rows.length, waiting: open?.n ?? 0 };
  },
  /**
   * Parcels delivered before `before`, their ids and orders (RT-2, RT-3), by id after `afterId`
   * (keyset pages), leaving out the subjects of `held` (legal holds).
   */
  async deliveredBefore(
    db: Db,
    before: Date,
    limit: number,
    held: readonly string[] = [],
    afterId = '',
  ): Promise<{ id: string; orderId: string }[]> {
    return db
      .select({ id: shipment.id, orderId: shipment.orderId })
      .from(shipment)
      .where(
        and(
          lt(shipment.deliveredAt, before),
          gt(shipment.id, afterId),
          exceptSubjects(shipment.subjectId, held),
        ),
      )
      .orderBy(asc(shipment.id))
      .limit(limit);
  },
  /** Deletes parcels by id, with their scans. */
  async deleteParcels(db: Db, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    await db.delete(trackingEvent).where(inArray(trackingEvent.shipmentId, [...ids]));
    return (
      await db
        .delete(shipment)
        .where(inArray(shipment.id, [...ids]))
        .returning({ id: shipment.id })
    ).length;
  },
  async ofSubject(db: Db, subjectId: string): Promise<ShipmentRow[]> {
    return db.select().from(shipment).where(eq(shipment.subjectId, subjectId));
  },
};
