import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { supportPersonalData } from './support.personal-data.ts';
import { supportRepository } from './support.repository.ts';
import { openLogisticsCase } from './tickets.ts';
import { ticketsOfOrder } from './ticket-views.ts';
import { supportRoutes } from './support.routes.ts';

/** Customer service (CK-6): cases about orders, their messages, the queue. */
export const supportModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'support',
  apiRoutes: supportRoutes,
  subscribes: [
    {
      // A late parcel is a logistics exception: customer service gets a case about it.
      event: 'shipping.parcel_late',
      name: 'support.late-parcel-case',
      handle: async (ctx, event) => {
        await openLogisticsCase(
          ctx,
          String(event.payload.orderId),
          'The parcel has not been delivered by the last day of the delivery promise. Follow it up with the carrier.',
        );
      },
    },
  ],
  retention: [
    {
      rule: 'order_personal_data',
      what: 'closed cases and their messages',
      run: (ctx, o) => supportRepository.closedBefore(ctx.db, o.cutoff, o.dryRun, o.legalHolds),
    },
  ],
  retentionHolds: [
    {
      rule: 'order_personal_data',
      why: 'an order with a case still open keeps its details',
      held: (ctx, ids) => supportRepository.openOrderIds(ctx.db, ids),
    },
    {
      rule: 'marketplace_buyer_data',
      why: 'an order with a case still open keeps its details',
      held: (ctx, ids) => supportRepository.openOrderIds(ctx.db, ids),
    },
  ],
  personalData: {
    declaration: supportPersonalData,
    export: async (ctx, subjectId) => {
      const rows = await supportRepository.ofSubject(ctx.db, subjectId);
      const out = [];
      for (const orderId of new Set(rows.map((r) => r.orderId)))
        out.push(...(await ticketsOfOrder(ctx, orderId)));
      return { 'support.ticket': out.map((t) => ({ ...t })) };
    },
    erase: (ctx, subjectId) => supportRepository.deleteOfSubject(ctx.db, subjectId),
    forgetHistory: (ctx, subjectId) => supportRepository.forgetClosed(ctx.db, subjectId),
  },
};
