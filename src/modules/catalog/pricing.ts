import { applyPercentOff } from '#platform/money.ts';
import { activeCampaigns } from '#modules/tenants';
import type { Ctx } from '#platform/ctx.ts';
import type { DiscountTable } from './catalog.repository.ts';

/** A price as a shopper sees it: what it was, what it is now, and why. */
export interface DisplayPrice {
  wasCents: number;
  nowCents: number;
  percentOff: number;
  /** The campaign that gives the discount, when it beats the store-wide one. */
  campaignSlug: string | null;
  currency: string;
}

/** Each category's discount today: the better of the store-wide one and any active campaign (SF-4). */
export function discountTable(ctx: Ctx, categories: { id: string; slug: string }[]): DiscountTable {
  const policy = ctx.tenant.policy;
  const campaigns = activeCampaigns(policy, ctx.now());
  const storewide = policy.storewideDiscountPercent;
  const storeCampaign = Math.max(
    0,
    ...campaigns.filter((c) => !c.categorySlugs).map((c) => c.percentOff ?? 0),
  );
  const byCategoryId: Record<string, number> = {};
  for (const cat of categories) {
    const best = Math.max(
      storewide,
      storeCampaign,
      ...campaigns.filter((c) => c.categorySlugs?.includes(cat.slug)).map((c) => c.percentOff ?? 0),
    );
    byCategoryId[cat.id] = Math.round(best * 100);
  }
  return { defaultBasisPoints: Math.round(Math.max(storewide, storeCampaign) * 100), byCategoryId };
}

/** The display price of a list price in a category, using the table from `discountTable`. */
export function priceIn(ctx: Ctx, table: DiscountTable, categoryId: string, listCents: number): DisplayPrice {
  const basisPoints = table.byCategoryId[categoryId] ?? table.defaultBasisPoints;
  const percentOff = basisPoints / 100;
  const policy = ctx.tenant.policy;
  const campaign =
    percentOff > policy.storewideDiscountPercent
      ? (activeCampaigns(policy, ctx.now()).find((c) => (c.percentOff ?? 0) === percentOff)?.slug ?? null)
      : null;
  return {
    wasCents: listCents,
    nowCents: applyPercentOff(listCents, percentOff),
    percentOff,
    campaignSlug: campaign,
    currency: policy.currency,
  };
}
