import { Type, type Static } from 'typebox';
import Value from 'typebox/value';
import { invalid } from '#platform/errors.ts';
import { PURPOSES, RETENTION_RULES } from '#modules/privacy';

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

/** One version of the store's privacy policy: its name, the day it takes effect, what changed. */
export const PolicyVersion = Type.Object({
  version: Type.String({ pattern: '^[0-9A-Za-z._-]{1,32}$' }),
  effectiveOn: Type.String({ format: 'date' }),
  summary: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 20 }),
  /**
   * PL-2: this version changes what people consented to (personalisation); consent given under an
   * earlier version lapses on its day, and they are asked again.
   */
  asksConsentAgain: Type.Optional(Type.Boolean()),
});
export type PolicyVersion = Static<typeof PolicyVersion>;

/**
 * When a retention rule applies and what it does (RT-1). `after` names the moment the clock starts:
 * the record expired (sessions, carts, links), was created, the order closed (return window over and
 * refunds settled), the account closed, the message was sent; `days` more may pass before `then`.
 */
export const RetentionSpec = Type.Object({
  after: Type.Union([
    Type.Literal('expired'),
    Type.Literal('created'),
    Type.Literal('order_closed'),
    Type.Literal('account_closed'),
    Type.Literal('sent'),
    Type.Literal('last_login'),
    Type.Literal('delivered'),
  ]),
  days: Type.Integer({ minimum: 0, maximum: 3650 }),
  then: Type.Union([
    Type.Literal('delete'),
    Type.Literal('anonymise'),
    Type.Literal('erase'),
    Type.Literal('lock_then_erase'),
  ]),
  /** `lock_then_erase`: days before the lock that the person is told by e-mail (RT-4). */
  noticeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  /** `lock_then_erase`: days a locked account waits for its owner before it is erased. */
  eraseAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});
export type RetentionSpec = Static<typeof RetentionSpec>;

const ruleObject = <
  T extends readonly string[],
  S extends ReturnType<typeof Type.String> | typeof RetentionSpec,
>(
  keys: T,
  schema: S,
) => Type.Object(Object.fromEntries(keys.map((k) => [k, schema])) as { [K in T[number]]: S });

/**
 * The parameters a tenant publishes in its privacy policy and shop terms. Later features read
 * them from here (`ctx.tenant.policy`); nothing hard-codes a store's discount or SLA elsewhere.
 */
export const TenantPolicy = Type.Object({
  currency: Type.Literal('USD'),
  /**
   * The country most orders ship to (ISO 3166-1 alpha-2): checkout's address form starts with it,
   * showing that country's fields, until the shopper chooses another.
   */
  mainMarket: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  /**
   * Where parcels leave from and how the store's goods are declared at customs (CK-4): a parcel to
   * another country carries a customs declaration of its items under this HS code and origin.
   * Without it the store cannot buy labels.
   */
  warehouse: Type.Optional(
    Type.Object({
      countryCode: Type.String({ pattern: '^[A-Z]{2}$' }),
      hsCode: Type.String({ pattern: '^[0-9]{4}(\\.?[0-9]{2}){0,3}$' }),
      goodsOrigin: Type.String({ pattern: '^[A-Z]{2}$' }),
    }),
  ),
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
  /**
   * What happens to a member's published reviews when their account is erased (DR-4): removed
   * (the default), or kept signed "Verified buyer", with no link to anyone.
   */
  reviewsOnErasure: Type.Optional(
    Type.Union([Type.Literal('remove'), Type.Literal('keep_as_verified_buyer')]),
  ),
  /** Working days within which a "delete my history" request completes; null = the legal default. */
  historyDeletionWorkingDays: Type.Union([Type.Integer({ minimum: 1, maximum: 30 }), Type.Null()]),
  personalisation: Type.Object({
    /**
     * "Matched for you" rests on consent (CN-1, CN-3): it is off for a shopper who has not turned
     * it on, in every store — a default of "on" would be a pre-ticked box.
     */
    enabledByDefault: Type.Literal(false),
    honourGlobalPrivacyControl: Type.Literal(true),
    honourDoNotTrack: Type.Boolean(),
  }),
  /**
   * The privacy policy's versions, oldest first, each with the day it takes effect and what changed
   * (PL-1). The version in effect is the one shoppers accept at checkout and each order records
   * (CN-3); a version dated in the future is announced ahead on the announcements page (PL-2).
   */
  policyVersions: Type.Array(PolicyVersion, { minItems: 1, maxItems: 100 }),
  /** Where shoppers write to the store (the contact page); a business address, not a person's. */
  contactEmail: Type.String({ pattern: '^[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{2,}$', maxLength: 254 }),
  /** Accent colour of the storefront theme. */
  accentColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  /** The store's time zone (IANA name): working days, deadlines and "today" are counted in it. */
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  /** Days the store does not work (ISO dates, in its time zone), besides Saturdays and Sundays. */
  holidays: Type.Array(Type.String({ format: 'date' }), { maxItems: 200 }),
  /** Each purpose of processing in the store's own words, for its privacy page (PV-5). */
  purposes: ruleObject(PURPOSES, Type.String({ minLength: 1, maxLength: 300 })),
  /** When each retention rule applies and what it does (RT-1); every rule must be defined. */
  retention: ruleObject(RETENTION_RULES, RetentionSpec),
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
  try {
    new Intl.DateTimeFormat('en', { timeZone: policy.timeZone });
  } catch {
    throw invalid(`tenant policy timeZone '${policy.timeZone.slice(0, 64)}' is not a known time zone`);
  }
  const versions = policy.policyVersions;
  for (let i = 1; i < versions.length; i++) {
    if (versions[i]!.effectiveOn <= versions[i - 1]!.effectiveOn)
      throw invalid(
        `policy version '${versions[i]!.version}' must take effect after '${versions[i - 1]!.version}'`,
      );
  }
  if (new Set(versions.map((v) => v.version)).size !== versions.length)
    throw invalid('policy versions must have different names');
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
