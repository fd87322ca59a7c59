import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { accountsPersonalData } from './accounts.personal-data.ts';
import { accountsRepository } from './accounts.repository.ts';
import { accountsApiRoutes } from './accounts.routes.ts';
import { identifyMember } from './identify-member.ts';
import { eraseAccount, exportAccount } from './subject-data.ts';
import { announcePolicyChanges } from './announce-policy-changes.ts';
import { lockInactiveAccounts } from './lock-inactive-accounts.ts';

/** Accounts: members, sessions, log-in throttling, registration by confirmed e-mail, password reset. */
export const accountsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'accounts',
  apiRoutes: accountsApiRoutes,
  identify: identifyMember,
  jobs: [
    {
      id: 'accounts.announce-policy-changes',
      everyMs: 60 * 60_000,
      scope: 'tenant',
      run: (ctx) => announcePolicyChanges(ctx!),
    },
  ],
  retention: [
    {
      rule: 'sessions',
      what: 'sessions past their expiry',
      run: (ctx, o) => accountsRepository.expiredSessions(ctx.db, o.cutoff, o.dryRun),
    },
    {
      rule: 'reset_tokens',
      what: 'password-reset links past their expiry',
      run: (ctx, o) => accountsRepository.expiredResets(ctx.db, o.cutoff, o.dryRun),
    },
    {
      rule: 'inactive_accounts',
      what: 'members inactive that long: told, then locked under the lock key, then erased',
      run: lockInactiveAccounts,
    },
    {
      rule: 'pending_registrations',
      what: 'registrations and e-mail changes never confirmed (their keys destroyed)',
      run: async (ctx, o) => {
        const ids = await accountsRepository.expiredRegistrations(ctx.db, o.cutoff, o.dryRun);
        if (!o.dryRun) for (const id of ids) await ctx.vault.shredSubject(ctx, id);
        return ids.length + (await accountsRepository.expiredEmailChanges(ctx.db, o.cutoff, o.dryRun));
      },
    },
  ],
  personalData: { declaration: accountsPersonalData, export: exportAccount, erase: eraseAccount },
};
