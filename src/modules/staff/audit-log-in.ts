import type { ModuleDeps } from '#platform/module.ts';
import type { StaffRole } from '#platform/actor.ts';

/**
 * Records a successful staff log-in in the audit of every store the user works for (AU-1), as the
 * user acting with their role there. Shared by the admin API and the back-office pages.
 */
export async function auditLogInPerStore(
  asActor: ModuleDeps['asActor'],
  requestId: string,
  staffId: string,
  memberships: readonly { tenantId: string; role: StaffRole }[],
  via?: 'back_office',
): Promise<void> {
  for (const m of memberships)
    await asActor(m.tenantId, { kind: 'staff', staffId, role: m.role }, requestId, (ctx) =>
      ctx.audit.record(ctx, { action: 'login', detail: via ? { staff: staffId, via } : { staff: staffId } }),
    );
}
