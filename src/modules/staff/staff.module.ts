import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { staffPersonalData } from './staff.personal-data.ts';
import { identifyStaff } from './staff-sessions.ts';
import { staffApiRoutes } from './staff.routes.ts';
import { staffRepository } from './staff.repository.ts';

/** Staff identity (SEC-3): accounts, MFA, sessions, roles per store. */
export const staffModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'staff',
  apiRoutes: staffApiRoutes,
  identify: identifyStaff,
  personalData: {
    declaration: staffPersonalData,
    // A staff user's own data: their roles and sign-in facts (never another person's).
    export: async (ctx, subjectId) => ({
      'staff.membership': (await staffRepository.membershipsOf(ctx.db, subjectId)).filter(
        (m) => m.tenantId === ctx.tenant.id,
      ),
    }),
    // Leaving a store removes the membership; the account itself is erased by the platform
    // operator once the person works for no store (retention rule staff_accounts).
    erase: async (ctx, subjectId) => {
      await staffRepository.endSessionsOf(ctx.db, subjectId);
      return 0;
    },
  },
};
