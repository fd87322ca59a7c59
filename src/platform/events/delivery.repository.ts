import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { delivery } from '#db/platform.schema.ts';

export type DeliveryRow = typeof delivery.$inferSelect;

// Every paid order publishes and delivers events (#db/statement.ts).
const insertDeliveries = statement(
  `insert into events.delivery (id, event_id, type, subscriber, payload, published_at, request_id, next_attempt_at)
   select d.id, $3, $4, d.subscriber, $5::jsonb, $6, $7, $6 from unnest($1::text[], $2::text[]) as d(id, subscriber)`,
);
const takeDue = statement<DeliveryRow>(
  `select id, tenant_id as "tenantId", event_id as "eventId", type, subscriber, payload,
     published_at as "publishedAt", request_id as "requestId", attempts, next_attempt_at as "nextAttemptAt",
     delivered_at as "deliveredAt", dead_at as "deadAt", last_error as "lastError"
   from events.delivery
   where delivered_at is null and dead_at is null and next_attempt_at <= $1
   order by next_attempt_at, id limit $2 for update skip locked`,
);
const markAllDelivered = statement(
  `update events.delivery set delivered_at = $2, attempts = attempts + 1 where id = any($1::text[])`,
);

/** All SQL of event delivery. */
export const deliveryRepository = {
  /** One delivery per subscriber of an event (sent without waiting: see #db/statement.ts). */
  async insertForSubscribers(
    db: Db,
    event: {
      eventId: string;
      type: string;
      payload: Record<string, unknown>;
      at: Date;
      requestId: string;
      deliveries: { id: string; subscriber: string }[];
    },
  ): Promise<void> {
    if (event.deliveries.length === 0) return;
    await insertDeliveries.later(db, [
      event.deliveries.map((d) => d.id),
      event.deliveries.map((d) => d.subscriber),
      event.eventId,
      event.type,
      JSON.stringify(event.payload),
      event.at,
      event.requestId,
    ]);
  },
  /** Due deliveries of the transaction's tenant, locked; rows another process holds are skipped. */
  async takeDue(db: Db, now: Date, limit: number): Promise<DeliveryRow[]> {
    return takeDue.rows(db, [now, limit]);
  },
  async markDelivered(db: Db, id: string, at: Date): Promise<void> {
    await db
      .update(delivery)
      .set({ deliveredAt: at, attempts: sql`${delivery.attempts} + 1` })
      .where(eq(delivery.id, id));
  },
  /** Marks deliveries done (sent without waiting: the transaction's commit follows). */
  async markAllDelivered(db: Db, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await markAllDelivered.later(db, [ids, at]);
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
