import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from './inventory/define-personal-data.ts';
import { privacyPersonalData } from './privacy.personal-data.ts';
import { vaultRepository } from './vault/vault.repository.ts';
import { legalHoldRepository } from './holds/legal-hold.repository.ts';
import { keepPolicyVersion } from './policy/privacy-page.ts';
import { sharingRoutes } from './sharing/sharing.routes.ts';
import { retentionRoutes } from './retention/retention.routes.ts';
import { consentHistory, eraseConsentAndRestrictions } from './access/consent.ts';
import { consentRepository } from './access/consent.repository.ts';

/** The privacy engine: the vault's keys and the data inventory (its read path serves every module). */
export const privacyModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'privacy',
  apiRoutes: (app, { inStore }) => {
    sharingRoutes(app, inStore);
    retentionRoutes(app, inStore);
  },
  // The version of the privacy page in effect is kept as it reads, from the first moment it is
  // in effect (PV-5): at start-up and then hourly, so a version dated tomorrow is kept tomorrow.
  startup: async (ctx) => {
    await keepPolicyVersion(ctx);
  },
  retention: [
    {
      rule: 'consent_records',
      what: 'consent choices replaced by a later one (the choice in force is kept)',
      run: (ctx, o) => consentRepository.supersededBefore(ctx.db, o.cutoff, o.dryRun),
    },
    {
      rule: 'privacy_requests',
      what: 'legal holds released that long ago (the record of why data was kept)',
      run: (ctx, o) => legalHoldRepository.releasedBefore(ctx.db, o.cutoff, o.dryRun),
    },
  ],
  jobs: [
    {
      // The store's retention rules (RT-1): hourly, each module's handlers, a report per run.
      id: 'privacy.retention',
      everyMs: 60 * 60 * 1000,
      scope: 'tenant',
      run: async (ctx) => {
        const report = await ctx!.retention.run(ctx!);
        return Object.fromEntries(report.lines.map((l) => [`${l.module}.${l.rule}`, l.rows]));
      },
    },
    {
      id: 'privacy.keep-policy-version',
      everyMs: 60 * 60 * 1000,
      scope: 'tenant',
      run: async (ctx) => ({ kept: (await keepPolicyVersion(ctx!)) ? 1 : 0 }),
    },
  ],
  personalData: {
    declaration: privacyPersonalData,
    export: async (ctx, subjectId) => ({
      'privacy.consent_choice': (await consentHistory(ctx, subjectId)).map((c) => ({ ...c })),
      'privacy.subject_key': (await vaultRepository.keysOf(ctx.db, subjectId)).map((k) => ({
        createdAt: k.createdAt,
        destroyedAt: k.destroyedAt,
      })),
    }),
    // Erasing a subject is destroying its keys: every ciphertext sealed under them becomes noise.
    erase: async (ctx, subjectId) => {
      await eraseConsentAndRestrictions(ctx, subjectId);
      return ctx.vault.shredSubject(ctx, subjectId);
    },
  },
};
