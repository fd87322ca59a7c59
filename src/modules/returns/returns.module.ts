import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { returnsPersonalData } from './returns.personal-data.ts';
import { returnsRepository } from './returns.repository.ts';
import { receiveReturn } from './receive-return.ts';
import { watchRefundReviews } from './watch-reviews.ts';
import { returnsRoutes } from './returns.routes.ts';
import { returnsOfOrder } from './return-views.ts';

/** Returns and refunds (CK-5). */
export const returnsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'returns',
  apiRoutes: returnsRoutes,
  jobs: [
    {
      id: 'returns.watch-reviews',
      everyMs: 10 * 60_000,
      scope: 'tenant',
      run: (ctx) => watchRefundReviews(ctx!),
    },
  ],
  subscribes: [
    {
      // The carrier delivered the return parcel to the warehouse: the review clock starts.
      event: 'shipping.return_received',
      name: 'returns.receive-return',
      handle: async (ctx, event) => {
        if (typeof event.payload.returnId === 'string') await receiveReturn(ctx, event.payload.returnId);
      },
    },
  ],
  retention: [
    {
      rule: 'order_personal_data',
      what: 'returns decided (refunded or refused)',
      run: (ctx, o) => returnsRepository.decidedBefore(ctx.db, o.cutoff, o.dryRun, o.legalHolds),
    },
  ],
  retentionHolds: [
    {
      rule: 'order_personal_data',
      why: 'an order with a return still open keeps its details',
      held: (ctx, ids) => returnsRepository.openOrderIds(ctx.db, ids),
    },
    {
      rule: 'marketplace_buyer_data',
      why: 'an order with a return still open keeps its details',
      held: (ctx, ids) => returnsRepository.openOrderIds(ctx.db, ids),
    },
  ],
  personalData: {
    declaration: returnsPersonalData,
    export: async (ctx, subjectId) => {
      const rows = await returnsRepository.ofSubject(ctx.db, subjectId);
      const views = [];
      for (const orderId of new Set(rows.map((r) => r.orderId)))
        views.push(...(await returnsOfOrder(ctx, orderId)));
      return { 'returns.return_request': views.map((v) => ({ ...v })) };
    },
    erase: (ctx, subjectId) => returnsRepository.deleteOfSubject(ctx.db, subjectId),
    forgetHistory: (ctx, subjectId) =>
      returnsRepository.forgetClosed(ctx.db, subjectId, ['refunded', 'partially_refunded', 'rejected']),
  },
};
