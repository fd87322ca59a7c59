import type { Ctx } from '#platform/ctx.ts';
import { auditActivity } from '#modules/privacy';
import { securityRepository } from './security.repository.ts';
import { raiseAlert } from './raise-alert.ts';

/**
 * The detectors' thresholds (SEC-4, IR-3). Chosen above what one person's honest work produces in
 * the window (a customer-service agent opens a few dozen cases an hour and a page of the orders list
 * shows 50; an owner exports a report once), and far below what copying a customer base takes.
 */
export const DETECTION = {
  windowMinutes: 15,
  /**
   * Distinct people whose data one actor reads or unmasks within the window: three pages of the
   * orders list and more, in a quarter of an hour.
   */
  bulkReadSubjects: 150,
  /** Exports by one staff user or API client within an hour. */
  exportsPerHour: 3,
  /** Failed log-ins of one staff account within the window. */
  failedLoginsPerAccount: 5,
  /** Failed log-ins to the store's staff accounts altogether within the window. */
  failedLoginsPerStore: 15,
  /** Shopper accounts with a wrong password within the window (credential stuffing). */
  shopperAccountsWithFailures: 20,
} as const;

/** Actors whose reads the detectors watch: people and clients, not the platform's own jobs. */
const watched = (actor: string) =>
  actor.startsWith('staff:') || actor.startsWith('api:') || actor.startsWith('operator:');

/**
 * One pass of the detectors over the store's audit log (job `security.detect`, every minute): bulk
 * reads, repeated exports, failed log-ins and any access to a canary record each raise an alert.
 * Stateless: each pass looks back over the window, and alerts are de-duplicated per hour.
 */
export async function detectAbnormalAccess(ctx: Ctx): Promise<Record<string, number>> {
  const now = ctx.now();
  const since = new Date(now.getTime() - DETECTION.windowMinutes * 60_000);
  let raised = 0;
  const raise = async (...args: Parameters<typeof raiseAlert> extends [Ctx, ...infer R] ? R : never) => {
    if (await raiseAlert(ctx, ...args)) raised++;
  };

  for (const a of await auditActivity(ctx, { since, actions: ['read', 'unmask'] }))
    if (watched(a.actor) && a.subjects >= DETECTION.bulkReadSubjects)
      await raise('bulk_read', a.actor, {
        subjects: a.subjects,
        events: a.events,
        minutes: DETECTION.windowMinutes,
        role: a.role ?? '',
      });

  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  for (const a of await auditActivity(ctx, { since: hourAgo, actions: ['export'] }))
    if (watched(a.actor) && a.events >= DETECTION.exportsPerHour)
      await raise('bulk_export', a.actor, { exports: a.events, subjects: a.subjects, minutes: 60 });

  // Staff accounts: per account, and altogether. Shoppers: wrong passwords spread over many
  // accounts in a short time (credential stuffing; one shopper's typos stay under it).
  const failures = await auditActivity(ctx, { since, actions: ['login_failed'] });
  const staffFailures = failures.filter((a) => a.actor.startsWith('staff:'));
  for (const a of staffFailures)
    if (a.events >= DETECTION.failedLoginsPerAccount)
      await raise('failed_logins', a.actor, { failures: a.events, minutes: DETECTION.windowMinutes });
  const total = staffFailures.reduce((n, a) => n + a.events, 0);
  if (total >= DETECTION.failedLoginsPerStore)
    await raise('failed_logins', 'staff', {
      failures: total,
      accounts: staffFailures.length,
      minutes: DETECTION.windowMinutes,
    });
  const shoppers = failures.find((a) => a.actor === 'anonymous');
  if (shoppers && shoppers.subjects >= DETECTION.shopperAccountsWithFailures)
    await raise('failed_logins', 'shoppers', {
      failures: shoppers.events,
      accounts: shoppers.subjects,
      minutes: DETECTION.windowMinutes,
    });

  const canaries = await securityRepository.canaries(ctx.db);
  if (canaries.length > 0)
    for (const a of await auditActivity(ctx, {
      since,
      actions: ['read', 'unmask', 'export', 'change', 'share', 'login', 'login_failed'],
      subjectIds: canaries,
    }))
      // Anyone but the platform's own jobs: a log-in attempt with a canary's address means
      // someone holds a copy of the customer list.
      if (!a.actor.startsWith('system:'))
        await raise('canary', a.actor, { events: a.events, canaries: a.subjects, role: a.role ?? '' });

  return { raised };
}
