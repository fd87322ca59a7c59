import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { checkoutApiRoutes } from './checkout.routes.ts';
import { checkoutPersonalData } from './checkout.personal-data.ts';
import { recoverStaleCheckouts } from './recover.ts';
import { checkoutRepository } from './checkout.repository.ts';
import { requestHashOf } from './place-order.ts';

/** Checkout: a cart becomes a paid order (CK-1), with no external call inside a transaction. */
export const checkoutModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'checkout',
  apiRoutes: checkoutApiRoutes,
  jobs: [
    { id: 'checkout.recover', everyMs: 60_000, scope: 'tenant', run: (ctx) => recoverStaleCheckouts(ctx!) },
  ],
  retention: [
    {
      rule: 'checkout_submissions',
      what: 'finished checkout submissions (the idempotency record)',
      run: (ctx, o) => checkoutRepository.finishedBefore(ctx.db, o.cutoff, o.dryRun),
    },
  ],
  personalData: {
    declaration: checkoutPersonalData,
    export: async (ctx, subjectId) => ({
      'checkout.submission': (
        await checkoutRepository.ofRequester(ctx.db, requestHashOf({ kind: 'member', customerId: subjectId }))
      ).map((s) => ({ state: s.state, orderId: s.orderId, createdAt: s.createdAt })),
    }),
    erase: (ctx, subjectId) =>
      checkoutRepository.deleteOfRequester(ctx.db, requestHashOf({ kind: 'member', customerId: subjectId })),
  },
};
