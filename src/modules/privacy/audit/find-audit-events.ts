import type { AuditAction } from './audit-recorder.ts';
import type { Ctx } from '#platform/ctx.ts';
import { auditRepository, type AuditEventRow, type AuditFilter } from './audit.repository.ts';

/** An audit event as the viewer and the API show it (no hashes; nothing personal is in it anyway). */
export type AuditEventView = Omit<AuditEventRow, 'prevHash' | 'hash' | 'tenantId'>;

/**
 * The store's audit events, newest first, filtered (AU-1). `subjectId` is turned into its
 * pseudonym here, so callers look a person up by the id they know and the log keeps only the HMAC.
 */
export async function findAuditEvents(
  ctx: Ctx,
  filter: Omit<AuditFilter, 'subject'> & { subjectId?: string | undefined },
  limit = 100,
): Promise<AuditEventView[]> {
  const { subjectId, ...rest } = filter;
  const subject = subjectId ? ctx.audit.pseudonymOf(subjectId) : undefined;
  const rows = await auditRepository.find(ctx.db, { ...rest, subject }, Math.min(limit, 500));
  return rows.map(({ prevHash: _p, hash: _h, tenantId: _t, ...view }) => view);
}

/** One actor's activity in a window, as the abnormal-access detectors read it (SEC-4, IR-3). */
export interface ActorActivity {
  actor: string;
  role: string | null;
  events: number;
  /** Distinct data subjects touched. */
  subjects: number;
  firstAt: Date;
}

/**
 * Who did `actions` in the store since `since`, with how many events and distinct subjects;
 * `subjectIds` narrows to those subjects (compared by pseudonym). Counts only, no values.
 */
export function auditActivity(
  ctx: Ctx,
  filter: { since: Date; actions: readonly AuditAction[]; subjectIds?: readonly string[] | undefined },
): Promise<ActorActivity[]> {
  return auditRepository.activityByActor(
    ctx.db,
    filter.since,
    filter.actions,
    filter.subjectIds?.map((id) => ctx.audit.pseudonymOf(id)),
  );
}

/**
 * The subjects (their pseudonyms, as the log names them) `actor` touched in a window: an
 * incident's affected people, derived from the audit log (IR-1).
 */
export function subjectsTouchedBy(ctx: Ctx, actor: string, from: Date, to: Date): Promise<string[]> {
  return auditRepository.subjectsTouchedBy(ctx.db, actor, from, to);
}
