/** One version of a store's privacy policy (the tenant policy's `policyVersions` entries). */
export interface PolicyVersionEntry {
  version: string;
  effectiveOn: string;
  summary: string[];
  /** PL-2: consent given under an earlier version lapses when this one takes effect. */
  asksConsentAgain?: boolean | undefined;
}

/** What the version helpers read of a store's policy. */
export interface VersionedPolicy {
  policyVersions: PolicyVersionEntry[];
  timeZone: string;
}

// Building a DateTimeFormat costs far more than using one, and checkout asks on every order.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The date (YYYY-MM-DD) of a moment in the store's time zone. */
export function storeDay(policy: { timeZone: string }, at: Date): string {
  let format = formats.get(policy.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: policy.timeZone });
    formats.set(policy.timeZone, format);
  }
  return format.format(at);
}

/**
 * The privacy policy version in effect on a day in the store's time zone (PL-1): the newest whose
 * date has come; before the first takes effect, the first (a store publishes before it opens).
 * Shoppers accept this one at checkout and each order records it (CN-3).
 */
export function policyVersionInEffect(policy: VersionedPolicy, at: Date): PolicyVersionEntry {
  const today = storeDay(policy, at);
  const inEffect = policy.policyVersions.filter((v) => v.effectiveOn <= today);
  return inEffect.at(-1) ?? policy.policyVersions[0]!;
}

/**
 * The version in effect that asks again for consent given under `givenUnder` (PL-2): the newest
 * version marked `asksConsentAgain` whose day has come and which is newer than the one the consent
 * was given under. Undefined while that consent still stands.
 */
export function consentAskedAgainBy(
  policy: VersionedPolicy,
  givenUnder: string,
  at: Date,
): PolicyVersionEntry | undefined {
  const today = storeDay(policy, at);
  const given = policy.policyVersions.findIndex((v) => v.version === givenUnder);
  return policy.policyVersions.findLast(
    (v, i) => v.asksConsentAgain === true && v.effectiveOn <= today && i > given,
  );
}

/** Versions announced but not yet in effect (PL-2: changes are announced before they apply). */
export function upcomingPolicyVersions(policy: VersionedPolicy, at: Date): PolicyVersionEntry[] {
  const today = storeDay(policy, at);
  return policy.policyVersions.filter((v) => v.effectiveOn > today);
}
