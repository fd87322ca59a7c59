import type { Ctx } from '#platform/ctx.ts';
import type { RequestKind } from './request-status.ts';

/** The legal limit every request runs under: GDPR's one month (CCPA's 45 days is never sooner). */
export const LEGAL_MONTHS = 1;

/** A request's deadline: the store's promise where it has one, else the law's; the sooner wins. */
export interface RequestClock {
  dueAt: Date;
  legalDueAt: Date;
  clock: 'store' | 'gdpr';
}

/**
 * The clock of a request received now (DR-8, design §8): the legal limit (GDPR one month, in the
 * store's time zone), and for deletions the store's own promise in working days
 * (`historyDeletionWorkingDays`: the skincare store's 3), counted on its calendar with its
 * weekends and holidays. The stricter of the two is the deadline.
 */
export function requestClock(ctx: Ctx, kind: RequestKind, from: Date = ctx.now()): RequestClock {
  const legalDueAt = ctx.calendar.endOfMonthsAfter(LEGAL_MONTHS, from);
  const storeDays = ctx.tenant.policy.historyDeletionWorkingDays;
  if ((kind === 'history_deletion' || kind === 'erasure') && storeDays !== null) {
    const storeDue = ctx.calendar.addWorkingDays(storeDays, from);
    if (storeDue < legalDueAt) return { dueAt: storeDue, legalDueAt, clock: 'store' };
  }
  return { dueAt: legalDueAt, legalDueAt, clock: 'gdpr' };
}
