import type { Ctx } from '#platform/ctx.ts';
import { systemActor } from '#platform/actor.ts';
import { newId } from '#platform/ids.ts';
import { upcomingPolicyVersions } from '#modules/privacy';
import { queueEmail } from '#modules/notifications';
import { accountsRepository } from './accounts.repository.ts';
import { readProfile } from './current-customer.ts';

/** Members told per run (the job runs hourly; a large store is told over a few runs). */
const PER_RUN = 200;

/** The notice's text: the day, what changes, where to read it. */
export function policyNoticeText(
  ctx: Ctx,
  nickname: string,
  version: {
    version: string;
    effectiveOn: string;
    summary: string[];
    asksConsentAgain?: boolean | undefined;
  },
): string {
  return [
    `Hello ${nickname},`,
    '',
    `On ${version.effectiveOn}, the privacy policy of ${ctx.tenant.name} changes (version ${version.version}). What changes:`,
    ...version.summary.map((line) => `- ${line}`),
    '',
    ...(version.asksConsentAgain
      ? [
          'This change concerns what you may have agreed to (personalised suggestions). If you turned them on,',
          `they stop on ${version.effectiveOn} until you turn them on again in your privacy settings: ${ctx.storeUrl}/privacy/settings`,
          '',
        ]
      : []),
    `Read it before it takes effect: ${ctx.storeUrl}/privacy/changes`,
    'Nothing changes for you before that day.',
  ].join('\n');
}

/**
 * Tells members in advance of a privacy-policy version announced for a later day (PL-2): each
 * member hears of each upcoming version once, by e-mail (sent after this run commits). Run hourly
 * by the `accounts.announce-policy-changes` job, as `system:accounts.policy-notice` (the e-mail
 * address is read for `transactional_email`, audited).
 */
export async function announcePolicyChanges(ctx: Ctx): Promise<Record<string, number>> {
  const upcoming = upcomingPolicyVersions(ctx.tenant.policy, ctx.now());
  const notifier = { ...ctx, actor: systemActor('accounts.policy-notice') };
  let told = 0;
  for (const version of upcoming) {
    for (const member of await accountsRepository.notToldOf(ctx.db, version.version, PER_RUN - told)) {
      const profile = await readProfile(notifier, member.id, 'transactional_email');
      if (profile?.email && profile.nickname)
        await queueEmail(ctx, {
          subjectId: member.id,
          template: 'policy_notice',
          recipient: profile.email,
          body: policyNoticeText(ctx, profile.nickname, version),
        });
      await accountsRepository.recordNotice(ctx.db, {
        id: newId('pnt', ctx.now()),
        customerId: member.id,
        version: version.version,
        sentAt: ctx.now(),
      });
      told++;
    }
    if (told >= PER_RUN) break;
  }
  return { told };
}
