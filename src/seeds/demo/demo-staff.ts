import type { Ctx } from '#platform/ctx.ts';
import type { Logger } from '#platform/logger.ts';
import { STAFF_ROLES, STAFF_ROLE_LABELS, type StaffRole } from '#platform/actor.ts';
import { addStaff } from '#modules/staff';
import { DEMO_STORES } from './seed-demo.ts';

/** The demo staff's password and already-enrolled TOTP secret (README: demo only). */
export const DEMO_STAFF_PASSWORD = 'Pledge-Demo-2026!';
export const DEMO_STAFF_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** A demo staff user's e-mail: `<role>@<store>.example`. */
export const demoStaffEmail = (role: StaffRole, store: string) => `${role}@${store}.example`;

/**
 * Gives each demo store one staff user per role (`warehouse@rugs.example`, …) with the demo
 * password and TOTP secret, unless they exist. Idempotent: runs at every demo start.
 */
export async function seedDemoStaff(
  runtime: { asSystem<T>(tenant: string, job: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> },
  present: string[],
  log: Logger,
): Promise<number> {
  let created = 0;
  for (const store of DEMO_STORES) {
    if (!present.includes(store.slug)) continue;
    await runtime.asSystem(store.slug, 'seed-demo-staff', async (ctx) => {
      for (const role of STAFF_ROLES) {
        try {
          const added = await addStaff(ctx, {
            email: demoStaffEmail(role, store.slug),
            displayName: `${STAFF_ROLE_LABELS[role]} (${store.slug})`,
            role,
            password: DEMO_STAFF_PASSWORD,
            totpSecret: DEMO_STAFF_TOTP_SECRET,
          });
          if (added.created) created++;
        } catch (error) {
          // Already there (a restart of the demo): nothing to do.
          if ((error as { kind?: string }).kind !== 'conflict') throw error;
        }
      }
    });
  }
  if (created > 0) log.info({ created }, 'demo staff seeded');
  return created;
}
