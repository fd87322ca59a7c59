import type { Ctx } from '#platform/ctx.ts';
import type { RetentionRunOptions } from '#platform/module.ts';
import { ordersRepository } from './orders.repository.ts';

const DAY = 24 * 3600_000;
/** Orders handled per run; the next run takes the rest. */
const BATCH = 1000;

/**
 * The `order_personal_data` rule (RT-2): once an order is over — delivered and past the store's
 * return window, or cancelled — and no module holds it back (an open return, an open case), it
 * loses its contact, its address and its link to the shopper; items, amounts and dates stay for
 * the books, about nobody. The rule's days are added after the return window.
 */
export async function anonymiseClosedOrders(ctx: Ctx, options: RetentionRunOptions): Promise<number> {
  const window = ctx.tenant.policy.returns.windowDays * DAY;
  const ids = await ordersRepository.closedOrders(
    ctx.db,
    new Date(options.cutoff.getTime() - window),
    options.cutoff,
    BATCH,
    options.legalHolds,
  );
  return anonymiseUnheld(ctx, options, 'order_personal_data', ids);
}

/**
 * The `marketplace_buyer_data` rule (RT-3, seed 002): a marketplace's buyer — contact, address,
 * the link to a person — is kept only `days` after the order was delivered (Amazon allows 30),
 * whatever the store's own return window; an open return or case still holds it back. Items and
 * amounts stay for the books.
 */
export async function anonymiseMarketplaceBuyers(ctx: Ctx, options: RetentionRunOptions): Promise<number> {
  const ids = await ordersRepository.deliveredOrdersOf(
    ctx.db,
    'marketplace',
    options.cutoff,
    BATCH,
    options.legalHolds,
  );
  return anonymiseUnheld(ctx, options, 'marketplace_buyer_data', ids);
}

/**
 * The common end of both rules: the orders no module holds back lose their personal parts (a dry
 * run only counts them), audited once for the rule.
 */
async function anonymiseUnheld(
  ctx: Ctx,
  options: RetentionRunOptions,
  rule: 'order_personal_data' | 'marketplace_buyer_data',
  ids: string[],
): Promise<number> {
  const held = await options.held(ids);
  const due = ids.filter((id) => !held.has(id));
  if (options.dryRun || due.length === 0) return due.length;
  const done = await ordersRepository.anonymiseOrders(ctx.db, due);
  await ctx.audit.record(ctx, {
    action: 'erase',
    table: 'orders.order',
    purpose: 'bookkeeping',
    detail: { rule, orders: done, held: held.size },
  });
  return done;
}
