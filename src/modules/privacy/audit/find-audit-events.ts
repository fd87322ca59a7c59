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
