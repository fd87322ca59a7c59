import Value from 'typebox/value';
import type { Ctx } from '#platform/ctx.ts';
import { forbidden, invalid, notFound } from '#platform/errors.ts';
import { roleOfActor } from '#platform/actor.ts';
import { Campaign, assertValidPolicy } from './tenant-policy.ts';
import { tenantsRepository } from './tenants.repository.ts';

function assertOwner(ctx: Ctx): void {
  if (roleOfActor(ctx.actor) === 'owner' || ctx.actor.kind === 'operator') return;
  throw forbidden('only the owner manages campaigns');
}

/** The store's campaigns, as the owner manages them (running, scheduled and ended). */
export function listCampaigns(ctx: Ctx): Campaign[] {
  assertOwner(ctx);
  return ctx.tenant.policy.campaigns;
}

/**
 * Adds a campaign, or replaces the one with the same slug (owner). The whole policy is checked
 * as it will be (dates in order, categories known to the catalog are the caller's concern), and
 * every process refreshes its copy of the store when the transaction commits.
 */
export async function saveCampaign(ctx: Ctx, campaign: Campaign): Promise<Campaign[]> {
  assertOwner(ctx);
  if (!Value.Check(Campaign, campaign)) {
    const [first] = [...Value.Errors(Campaign, campaign)];
    throw invalid(`campaign ${first?.instancePath || '/'} ${first?.message ?? 'is not valid'}`);
  }
  // A campaign says when it ends: an offer that never ends is not an offer (issue 12). It starts
  // today unless a first day is given, and runs at most a year.
  const today = ctx.now().toISOString().slice(0, 10);
  if (!campaign.endsOn) throw invalid('a campaign needs a last day (endsOn)');
  campaign = { ...campaign, startsOn: campaign.startsOn ?? today };
  if (campaign.endsOn! < today)
    throw invalid(`campaign '${campaign.slug}' would end before today (${today})`);
  const days = (Date.parse(campaign.endsOn!) - Date.parse(campaign.startsOn!)) / 86_400_000 + 1;
  if (days > 366) throw invalid(`campaign '${campaign.slug}' runs ${days} days; at most 366`);
  const current = ctx.tenant.policy.campaigns;
  const campaigns = current.some((c) => c.slug === campaign.slug)
    ? current.map((c) => (c.slug === campaign.slug ? campaign : c))
    : [...current, campaign];
  if (campaigns.length > 50) throw invalid('a store has at most 50 campaigns');
  assertValidPolicy({ ...ctx.tenant.policy, campaigns });
  await tenantsRepository.setCampaigns(ctx.db, ctx.tenant.id, campaigns);
  return campaigns;
}

/** Removes a campaign (owner); its prices end at once. */
export async function removeCampaign(ctx: Ctx, slug: string): Promise<Campaign[]> {
  assertOwner(ctx);
  const current = ctx.tenant.policy.campaigns;
  if (!current.some((c) => c.slug === slug)) throw notFound('campaign', slug);
  const campaigns = current.filter((c) => c.slug !== slug);
  await tenantsRepository.setCampaigns(ctx.db, ctx.tenant.id, campaigns);
  return campaigns;
}
