import Value from 'typebox/value';
import type { Ctx } from '#platform/ctx.ts';
import { conflict, forbidden, invalid } from '#platform/errors.ts';
import { roleOfActor } from '#platform/actor.ts';
import { storeDay } from '#modules/privacy';
import { PolicyVersion, assertValidPolicy } from './tenant-policy.ts';
import { tenantsRepository } from './tenants.repository.ts';

/**
 * How many days ahead a new version must be announced (PL-2): members are e-mailed within the hour
 * and have two weeks to read it before it applies.
 */
export const POLICY_NOTICE_DAYS = 14;

const dayAfter = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The first day the notice period allows from `at` (the store's today + `POLICY_NOTICE_DAYS`). */
const noticeDay = (policy: Ctx['tenant']['policy'], at: Date) =>
  dayAfter(storeDay(policy, at), POLICY_NOTICE_DAYS);

/**
 * The first day a new version may take effect: the notice period from today, and after the latest
 * version published (what `publishPolicyVersion` accepts; the back office proposes it).
 */
export function earliestEffectiveDay(policy: Ctx['tenant']['policy'], at: Date): string {
  const byNotice = noticeDay(policy, at);
  const last = policy.policyVersions.at(-1)?.effectiveOn;
  return last && dayAfter(last, 1) > byNotice ? dayAfter(last, 1) : byNotice;
}

/**
 * Publishes a new version of the store's privacy policy (PL-1, PL-2): owner or compliance. It takes
 * effect on a day at least `POLICY_NOTICE_DAYS` ahead and after every earlier version; members are
 * told by e-mail before then (job `accounts.announce-policy-changes`), and a version marked
 * `asksConsentAgain` lets consent given earlier lapse on its day. A published version is never
 * edited: publish another. Audited as a change.
 */
export async function publishPolicyVersion(ctx: Ctx, input: PolicyVersion): Promise<PolicyVersion[]> {
  const role = roleOfActor(ctx.actor);
  if (role !== 'owner' && role !== 'compliance')
    throw forbidden('only the owner or compliance publishes a new privacy-policy version');
  if (!Value.Check(PolicyVersion, input)) {
    const [first] = [...Value.Errors(PolicyVersion, input)];
    throw invalid(`version ${first?.instancePath || '/'} ${first?.message ?? 'is not valid'}`);
  }
  const versions = ctx.tenant.policy.policyVersions;
  if (versions.some((v) => v.version === input.version))
    throw conflict(`version '${input.version}' is published already; a published version is never edited`);
  const earliest = noticeDay(ctx.tenant.policy, ctx.now());
  if (input.effectiveOn < earliest)
    throw invalid(
      `a new version takes effect at the earliest on ${earliest}: members are told ${POLICY_NOTICE_DAYS} days ahead`,
      { fields: { effectiveOn: `on or after ${earliest}` } },
    );
  const last = versions.at(-1);
  if (last && input.effectiveOn <= last.effectiveOn)
    throw invalid(`a new version takes effect after the latest one (${last.effectiveOn})`);
  const next = [...versions, { ...input, summary: input.summary.map((s) => s.trim()) }];
  assertValidPolicy({ ...ctx.tenant.policy, policyVersions: next });
  await tenantsRepository.setPolicyVersions(ctx.db, ctx.tenant.id, next);
  await ctx.audit.record(ctx, {
    action: 'change',
    table: 'tenants.tenant',
    fields: ['policy.policyVersions'],
    detail: {
      version: input.version,
      effectiveOn: input.effectiveOn,
      asksConsentAgain: input.asksConsentAgain ? 1 : 0,
    },
  });
  return next;
}
