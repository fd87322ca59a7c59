import type { Ctx } from '#platform/ctx.ts';
import { aggregate, type Aggregate } from '#modules/privacy';
import { ordersRepository } from './orders.repository.ts';

/** One promise the store keeps or breaks: how many orders it applied to, and how many it kept. */
type Measure = { measure: 'processing' | 'delivery' };
type Kept = { orders: number; onTime: number; percent: number };
export type ServiceLevel = Aggregate<Measure, Kept>;

/**
 * The store's service levels over the last `days` days (CK-7), as operations sees them: the share
 * of shipped orders that left within the promised processing time (working days, the store's
 * calendar) and of delivered orders that arrived within the promised delivery time (days after
 * shipping). Through the aggregates helper: fewer than 5 people → not shown.
 */
export async function serviceLevels(ctx: Ctx, days: number): Promise<ServiceLevel> {
  const since = ctx.calendar.before({ days });
  const { processingDays, deliveryDays } = ctx.tenant.policy;
  return aggregate<Measure, Kept>(ctx, 'service_levels', async () => {
    const rows = await ordersRepository.shippedSince(ctx.db, since);
    const shipped = rows.filter((r) => r.shipped_at);
    const delivered = shipped.filter((r) => r.delivered_at);
    const leftInTime = shipped.filter(
      (r) =>
        new Date(r.shipped_at).getTime() <=
        ctx.calendar.addWorkingDays(processingDays.max, new Date(r.placed_at)).getTime(),
    );
    const arrivedInTime = delivered.filter(
      (r) =>
        new Date(r.delivered_at!).getTime() <=
        ctx.calendar.endOfDayAfter(deliveryDays.max, new Date(r.shipped_at)).getTime(),
    );
    const people = (list: typeof rows) => new Set(list.map((r) => r.subject_id)).size;
    const percent = (part: number, whole: number) =>
      whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
    return [
      {
        group: { measure: 'processing' },
        people: people(shipped),
        values: {
          orders: shipped.length,
          onTime: leftInTime.length,
          percent: percent(leftInTime.length, shipped.length),
        },
      },
      {
        group: { measure: 'delivery' },
        people: people(delivered),
        values: {
          orders: delivered.length,
          onTime: arrivedInTime.length,
          percent: percent(arrivedInTime.length, delivered.length),
        },
      },
    ];
  });
}

/** Orders delivered since `since` and their distinct people (the returns report's denominator). */
export async function deliveredSince(ctx: Ctx, since: Date): Promise<{ orders: number; people: number }> {
  const rows = (await ordersRepository.shippedSince(ctx.db, since)).filter((r) => r.delivered_at);
  return { orders: rows.length, people: new Set(rows.map((r) => r.subject_id)).size };
}
