import type { Ctx } from '#platform/ctx.ts';
import type { Purpose } from '../inventory/define-personal-data.ts';

/** What an audit event says happened (AU-1). Never a personal value: field names and ids only. */
export interface AuditEntry {
  action:
    | 'read'
    | 'unmask'
    | 'change'
    | 'export'
    | 'erase'
    | 'share'
    | 'login'
    | 'login_failed'
    | 'mfa_enrolled'
    | 'role_changed'
    | 'staff_disabled'
    | 'checkout';
  /** The data subject concerned (pseudonymised when recorded), if any. */
  subjectId?: string | undefined;
  /** `schema.table` the fields belong to. */
  table?: string | undefined;
  /** Field (column) names, never values. */
  fields?: string[] | undefined;
  purpose?: Purpose | undefined;
  /** Ids and counts that help an investigator (an order number, a row id); no personal value. */
  detail?: Record<string, string | number> | undefined;
}

/**
 * Where audit events go: `ctx.audit`. Every read of a personal field by staff, jobs or API clients
 * goes through `readPersonal`, which records one here.
 */
export interface AuditRecorder {
  record(ctx: Ctx, entry: AuditEntry): Promise<void>;
}

/**
 * A recorder that keeps events in memory: the hook the read path writes to until the
 * tamper-evident log (AU-2) is in place, and what tests inspect.
 */
export class MemoryAudit implements AuditRecorder {
  readonly events: (AuditEntry & { actor: Ctx['actor']; requestId: string; tenantId: string; at: Date })[] =
    [];

  async record(ctx: Ctx, entry: AuditEntry): Promise<void> {
    this.events.push({
      ...entry,
      actor: ctx.actor,
      requestId: ctx.requestId,
      tenantId: ctx.tenant.id,
      at: ctx.now(),
    });
  }
}
