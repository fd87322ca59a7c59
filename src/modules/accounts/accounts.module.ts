import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { accountsPersonalData } from './accounts.personal-data.ts';
import { accountsApiRoutes } from './accounts.routes.ts';
import { identifyMember } from './identify-member.ts';
import { eraseAccount, exportAccount } from './subject-data.ts';
import { announcePolicyChanges } from './announce-policy-changes.ts';

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
  personalData: { declaration: accountsPersonalData, export: exportAccount, erase: eraseAccount },
};
