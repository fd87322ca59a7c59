import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { securityPersonalData } from './security.personal-data.ts';
import { securityRoutes } from './security.routes.ts';
import { securityRepository } from './security.repository.ts';
import { detectAbnormalAccess } from './detect-abnormal-access.ts';
import { watchIncidentClocks } from './incidents.ts';

/**
 * Abnormal access and incidents (SEC-4, IR-1..3): detectors over the audit log and the traffic,
 * canary records, alerts with emergency isolation, and the incident register with its 24 h / 72 h
 * notification clocks.
 */
export const securityModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'security',
  apiRoutes: securityRoutes,
  jobs: [
    {
      id: 'security.detect',
      everyMs: 60_000,
      scope: 'tenant',
      run: (ctx) => detectAbnormalAccess(ctx!),
    },
    {
      id: 'security.watch-incident-clocks',
      everyMs: 5 * 60_000,
      scope: 'tenant',
      run: (ctx) => watchIncidentClocks(ctx!),
    },
  ],
  personalData: {
    declaration: securityPersonalData,
    // A staff user's own: the alerts that name them (kind, state, time).
    export: async (ctx, subjectId) => ({
      'security.alert': await securityRepository.alertsNaming(ctx.db, `staff:${subjectId}`),
    }),
    // Alerts and incidents name staff by id (never shoppers) and are kept as evidence with the
    // audit log (AU-2); only a canary's own marker goes with the canary account.
    erase: (ctx, subjectId) => securityRepository.removeCanary(ctx.db, subjectId),
  },
};
