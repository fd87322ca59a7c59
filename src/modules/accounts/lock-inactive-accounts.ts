import type { Ctx } from '#platform/ctx.ts';
import type { RetentionRunOptions } from '#platform/module.ts';
import { systemActor } from '#platform/actor.ts';
import { queueEmail } from '#modules/notifications';
import { accountsRepository } from './accounts.repository.ts';
import { readProfile } from './current-customer.ts';

const DAY = 24 * 3600_000;
/** Accounts handled per step and run; the next run (hourly) takes the rest. */
const BATCH = 200;
/** When a store's rule names no notice or grace period. */
const DEFAULT_NOTICE_DAYS = 30;
const DEFAULT_ERASE_AFTER_DAYS = 365;

/** The notice's text: when the lock comes, what it means, how to keep the account. */
export function inactivityNoticeText(
  ctx: Ctx,
  nickname: string,
  lockOn: Date,
  eraseAfterDays: number,
): string {
  return [
    `Hello ${nickname},`,
    '',
    `You have not signed in to your account at ${ctx.tenant.name} for a long time. On ${lockOn.toISOString().slice(0, 10)} we will lock it:`,
    'your details are then sealed under a separate key that our shop does not use, and nobody here can read them.',
    `Signing in unlocks it at once. If you do not sign in within ${eraseAfterDays} days of the lock, the account and everything in it is deleted.`,
    '',
    `To keep your account, sign in before then: ${ctx.storeUrl}/account`,
    'Nothing else is needed; if you let it go, you need not do anything either.',
  ].join('\n');
}

/**
 * The `inactive_accounts` rule (RT-4), in three steps per run:
 * 1. a member inactive for the rule's days minus its notice days is told by e-mail when the lock
 *    comes (read as `system:accounts.inactivity-notice`, audited);
 * 2. once inactive for the rule's days, and told at least the notice days before, the account is
 *    locked: its data key is moved under the lock key, its sessions end;
 * 3. an account locked for `eraseAfterDays` is erased like a closed account.
 * A log-in in between lifts the notice and the lock. Subjects under a legal hold are left alone.
 */
export async function lockInactiveAccounts(ctx: Ctx, o: RetentionRunOptions): Promise<number> {
  const spec = ctx.tenant.policy.retention.inactive_accounts;
  const noticeDays = spec.noticeDays ?? DEFAULT_NOTICE_DAYS;
  const eraseAfterDays = spec.eraseAfterDays ?? DEFAULT_ERASE_AFTER_DAYS;
  const now = ctx.now().getTime();
  const tell = await accountsRepository.inactiveNotTold(
    ctx.db,
    new Date(o.cutoff.getTime() + noticeDays * DAY),
    BATCH,
    o.legalHolds,
  );
  const lock = await accountsRepository.dueForLock(
    ctx.db,
    o.cutoff,
    new Date(now - noticeDays * DAY + 1),
    BATCH,
    o.legalHolds,
  );
  const erase = await accountsRepository.lockedBefore(
    ctx.db,
    new Date(now - eraseAfterDays * DAY),
    BATCH,
    o.legalHolds,
  );
  if (o.dryRun) return tell.length + lock.length + erase.length;

  const notifier = { ...ctx, actor: systemActor('accounts.inactivity-notice') };
  for (const id of tell) {
    const profile = await readProfile(notifier, id, 'transactional_email');
    if (profile?.email && profile.nickname)
      await queueEmail(ctx, {
        subjectId: id,
        template: 'inactivity_notice',
        recipient: profile.email,
        body: inactivityNoticeText(ctx, profile.nickname, new Date(now + noticeDays * DAY), eraseAfterDays),
      });
    await accountsRepository.markTold(ctx.db, id, ctx.now());
  }
  for (const id of lock) {
    const keys = await ctx.vault.lockSubject(ctx, id, 'inactive');
    await accountsRepository.deleteSessionsOf(ctx.db, id);
    await accountsRepository.markLocked(ctx.db, id, ctx.now());
    await ctx.audit.record(ctx, {
      action: 'lock',
      subjectId: id,
      detail: { rule: 'inactive_accounts', keys },
    });
  }
  for (const id of erase) await ctx.subjectData.erase(ctx, id, 'retention:inactive_accounts');
  return tell.length + lock.length + erase.length;
}
