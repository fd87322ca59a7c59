import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { readPersonal } from '#modules/privacy';
import { paymentsPersonalData } from './payments.personal-data.ts';
import { paymentsRepository } from './payments.repository.ts';
import { refundOrder } from './ledger.ts';

/** Payments: the provider abstraction, the test card processor, and the ledger of charges and refunds. */
export const paymentsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'payments',
  subscribes: [
    {
      event: 'orders.order_cancelled',
      name: 'payments.refund-cancelled-order',
      // After the cancellation committed: the money goes back (idempotent by order, retried).
      handle: async (ctx, event) => {
        await refundOrder(ctx, String(event.payload.orderId), String(event.payload.number));
      },
    },
  ],
  personalData: {
    declaration: paymentsPersonalData,
    export: async (ctx, subjectId) => {
      const rows = await paymentsRepository.ofSubject(ctx.db, subjectId);
      const out = [];
      for (const r of rows) {
        const opened = r.providerRef
          ? await readPersonal(
              ctx,
              {
                table: 'payments.ledger_entry',
                rowId: r.id,
                subjectId: r.subjectId,
                values: { provider_ref: r.providerRef },
              },
              'payment',
            )
          : { provider_ref: null };
        out.push({
          orderId: r.orderId,
          kind: r.kind,
          amountCents: r.amountCents,
          currency: r.currency,
          providerRef: opened.provider_ref,
          at: r.createdAt,
        });
      }
      return { 'payments.ledger_entry': out };
    },
    erase: (ctx, subjectId) => paymentsRepository.forgetSubject(ctx.db, subjectId),
  },
};
