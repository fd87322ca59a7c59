import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { rightsPersonalData } from './rights.personal-data.ts';
import { rightsRepository } from './rights.repository.ts';
import { rightsRoutes } from './rights.routes.ts';
import { legalHoldRoutes } from './legal-hold.routes.ts';
import { finishHistoryDeletions } from './delete-history.ts';
import { escalateOverdue, openDetail } from './handle-requests.ts';

/**
 * Shoppers' rights (DR-1..8): exports, history deletion, account cancellation, restriction,
 * consent withdrawal, objections and complaints, each on a clock; guests verified by a code; the
 * compliance queue. The subject-request engine itself (every module's handlers) is the privacy
 * module's `ctx.subjectData`.
 */
export const rightsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'rights',
  apiRoutes: (app, deps) => {
    rightsRoutes(app, deps);
    legalHoldRoutes(app, deps);
  },
  jobs: [
    {
      id: 'rights.escalate-overdue',
      everyMs: 15 * 60_000,
      scope: 'tenant',
      run: (ctx) => escalateOverdue(ctx!),
    },
    {
      id: 'rights.finish-history-deletions',
      everyMs: 60 * 60_000,
      scope: 'tenant',
      run: (ctx) => finishHistoryDeletions(ctx!),
    },
  ],
  retention: [
    {
      rule: 'privacy_requests',
      what: 'requests and complaints closed long enough ago (receipts included)',
      run: (ctx, o) => rightsRepository.closedBefore(ctx.db, o.cutoff, o.dryRun),
    },
    {
      rule: 'access_grants',
      what: 'guests’ verification codes and rights tokens past their expiry',
      run: (ctx, o) => rightsRepository.expiredVerifications(ctx.db, o.cutoff, o.dryRun),
    },
  ],
  personalData: {
    declaration: rightsPersonalData,
    export: async (ctx, subjectId) => {
      const out = [];
      for (const row of await rightsRepository.ofSubjects(ctx.db, [subjectId])) {
        const d = await openDetail(ctx, row);
        out.push({
          reference: d.reference,
          kind: d.kind,
          status: d.status,
          receivedAt: d.receivedAt,
          dueAt: d.dueAt,
          closedAt: d.closedAt,
          message: d.message,
          reply: d.reply,
        });
      }
      return { 'rights.request': out };
    },
    // The requests stay as proof they were carried out, with no link to the person and no words.
    erase: (ctx, subjectId) => rightsRepository.forgetSubject(ctx.db, subjectId),
  },
};
