import type { Ctx } from '#platform/ctx.ts';
import { aggregate, type Aggregate } from '#modules/privacy';
import { ordersRepository } from './orders.repository.ts';

/** The operations dashboard's sales figures (AC-4): de-identified, groups of 5 people or more. */
export interface SalesReport {
  days: number;
  byDay: Aggregate<{ day: string; currency: string }, { orders: number; revenueCents: number }>;
  topProducts: Aggregate<{ product: string }, { units: number; revenueCents: number }>;
  campaigns: Aggregate<{ campaign: string }, { orders: number; discountCents: number }>;
}

/**
 * Sales per day, best-selling products and campaign use over the last `days` days, each through
 * the privacy engine's aggregates helper (groups of fewer than 5 people suppressed, no ids).
 */
export async function salesReport(ctx: Ctx, days: number): Promise<SalesReport> {
  const since = ctx.calendar.before({ days });
  const timeZone = ctx.calendar.rules.timeZone;
  const byDay = await aggregate(ctx, 'sales_by_day', async () =>
    (await ordersRepository.salesByDay(ctx.db, since, timeZone)).map((r) => ({
      group: { day: r.day, currency: r.currency },
      people: r.people,
      values: { orders: r.orders, revenueCents: Number(r.revenue_cents) },
    })),
  );
  const topProducts = await aggregate(ctx, 'top_products', async () =>
    (await ordersRepository.unitsByProduct(ctx.db, since)).map((r) => ({
      group: { product: r.product },
      people: r.people,
      values: { units: r.units, revenueCents: Number(r.revenue_cents) },
    })),
  );
  const campaigns = await aggregate(ctx, 'campaign_use', async () =>
    (await ordersRepository.campaignUse(ctx.db, since)).map((r) => ({
      group: { campaign: r.campaign },
      people: r.people,
      values: { orders: r.orders, discountCents: Number(r.discount_cents) },
    })),
  );
  return { days, byDay, topProducts, campaigns };
}
