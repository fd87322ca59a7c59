import type { Ctx } from '#platform/ctx.ts';
import { aggregate, type Aggregate } from '#modules/privacy';
import { deliveredSince } from '#modules/orders';
import { returnsRepository } from './returns.repository.ts';

/** The return rate over a period, as operations sees it. */
export type ReturnRate = Aggregate<
  { period: string },
  { deliveredOrders: number; returnedOrders: number; percent: number }
>;

/**
 * The share of orders placed in the last `days` days and delivered that came back (CK-7), through
 * the aggregates helper: with fewer than 5 people behind it, not shown.
 */
export async function returnRate(ctx: Ctx, days: number): Promise<ReturnRate> {
  const since = ctx.calendar.before({ days });
  return aggregate(ctx, 'return_rate', async () => {
    const delivered = await deliveredSince(ctx, since);
    const returned = await returnsRepository.returnedOrdersSince(ctx.db, since);
    return [
      {
        group: { period: `last ${days} days` },
        people: delivered.people,
        values: {
          deliveredOrders: delivered.orders,
          returnedOrders: returned,
          percent: delivered.orders === 0 ? 0 : Math.round((returned / delivered.orders) * 1000) / 10,
        },
      },
    ];
  });
}
