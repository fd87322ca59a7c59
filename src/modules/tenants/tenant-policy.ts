import { Type, type Static } from 'typebox';
import Value from 'typebox/value';
import { invalid } from '#platform/errors.ts';

const Range = (min: number, max: number) =>
  Type.Object({
    min: Type.Integer({ minimum: min, maximum: max }),
    max: Type.Integer({ minimum: min, maximum: max }),
  });

/** A marketing campaign: a banner, and optionally a deeper discount on some categories. */
export const Campaign = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9-]+$' }),
  title: Type.String({ minLength: 1, maxLength: 80 }),
  subtitle: Type.String({ maxLength: 200 }),
  /** Extra discount (percent) for the campaign's categories; the better of this and the store-wide one applies. */
  percentOff: Type.Optional(Type.Number({ minimum: 0, maximum: 95 })),
  /** Categories the campaign covers; absent = the whole store. */
  categorySlugs: Type.Optional(Type.Array(Type.String())),
  /** ISO dates (inclusive); absent = always on. */
  startsOn: Type.Optional(Type.String({ format: 'date' })),
  endsOn: Type.Optional(Type.String({ format: 'date' })),
  theme: Type.Union([Type.Literal('sun'), Type.Literal('night'), Type.Literal('calm')]),
});
export type Campaign = Static<typeof Campaign>;

/**
 * The parameters a tenant publishes in its privacy policy and shop terms. Later features read
 * them from here (`ctx.tenant.policy`); nothing hard-codes a store's discount or SLA elsewhere.
 */
export const TenantPolicy = Type.Object({
  currency: Type.Literal('USD'),
  /** Store-wide discount in percent (000: 50, 001: 70). */
  storewideDiscountPercent: Type.Number({ minimum: 0, maximum: 95 }),
  /** The top announcement bar's text. */
  announcement: Type.String({ maxLength: 160 }),
  campaigns: Type.Array(Campaign),
  /** Working days from order to hand-over to the carrier. */
  processingDays: Range(1, 30),
  /** Calendar days from hand-over to delivery. */
  deliveryDays: Range(1, 60),
  /** Shipping is free when enabled and the order reaches the minimum; otherwise the standard rate applies. */
  freeShipping: Type.Object({
    enabled: Type.Boolean(),
    minimumOrderCents: Type.Integer({ minimum: 0 }),
    standardRateCents: Type.Integer({ minimum: 0 }),
  }),
  returns: Type.Object({
    windowDays: Type.Integer({ minimum: 0, maximum: 365 }),
    freeReturnShipping: Type.Boolean(),
  }),
  /** Working days the refund review takes once a return arrives. */
  refundReviewWorkingDays: Range(1, 60),
  /** Working days within which a "delete my history" request completes; null = the legal default. */
  historyDeletionWorkingDays: Type.Union([Type.Integer({ minimum: 1, maximum: 30 }), Type.Null()]),
  personalisation: Type.Object({
    /** Whether "matched for you" recommendations are on for a shopper who has not chosen. */
    enabledByDefault: Type.Boolean(),
    honourGlobalPrivacyControl: Type.Literal(true),
    honourDoNotTrack: Type.Boolean(),
  }),
  /**
   * Version of the privacy policy shoppers accept at checkout (e.g. its publication date). Each
   * order records the version accepted (CN-3); a new version is asked for again (PL-2).
   */
  privacyPolicyVersion: Type.String({ pattern: '^[0-9A-Za-z._-]{1,32}$' }),
  /** Accent colour of the storefront theme. */
  accentColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
});
export type TenantPolicy = Static<typeof TenantPolicy>;

/** Checks a policy object and the rules JSON Schema cannot express; throws `invalid` naming each problem. */
export function assertValidPolicy(policy: unknown): asserts policy is TenantPolicy {
  if (!Value.Check(TenantPolicy, policy)) {
    const problems = [...Value.Errors(TenantPolicy, policy)]
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw invalid(`tenant policy is not valid: ${problems.join('; ')}`);
  }
  for (const key of ['processingDays', 'deliveryDays', 'refundReviewWorkingDays'] as const) {
    if (policy[key].min > policy[key].max) throw invalid(`tenant policy ${key}: min is greater than max`);
  }
  for (const campaign of policy.campaigns) {
    if (campaign.startsOn && campaign.endsOn && campaign.startsOn > campaign.endsOn) {
      throw invalid(`campaign '${campaign.slug}' ends before it starts`);
    }
  }
}

/** The campaigns running on a given day (dates compared in UTC). */
export function activeCampaigns(policy: TenantPolicy, at: Date): Campaign[] {
  const day = at.toISOString().slice(0, 10);
  return policy.campaigns.filter((c) => (!c.startsOn || c.startsOn <= day) && (!c.endsOn || day <= c.endsOn));
}
