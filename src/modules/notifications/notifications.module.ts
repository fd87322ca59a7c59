import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { readPersonal } from '#modules/privacy';
import { notificationsPersonalData } from './notifications.personal-data.ts';
import { notificationsRepository } from './notifications.repository.ts';
import { sendOrderConfirmation } from './order-confirmation.ts';

/** Notifications: the sealed e-mail outbox, and the e-mails other modules' events call for. */
export const notificationsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'notifications',
  subscribes: [
    {
      event: 'orders.order_placed',
      name: 'notifications.order-confirmation',
      handle: async (ctx, event) => {
        if (event.payload.channel === 'storefront')
          await sendOrderConfirmation(ctx, String(event.payload.orderId));
      },
    },
  ],
  personalData: {
    declaration: notificationsPersonalData,
    export: async (ctx, subjectId) => {
      const rows = await notificationsRepository.ofSubject(ctx.db, subjectId);
      const out = [];
      for (const r of rows) {
        const opened = await readPersonal(
          ctx,
          {
            table: 'notifications.outbox',
            rowId: r.id,
            subjectId: r.subjectId,
            values: { recipient: r.recipient, body: r.body },
          },
          'transactional_email',
        );
        out.push({
          template: r.template,
          recipient: opened.recipient,
          body: opened.body,
          createdAt: r.createdAt,
          sentAt: r.sentAt,
        });
      }
      return { 'notifications.outbox': out };
    },
    erase: (ctx, subjectId) => notificationsRepository.deleteOfSubject(ctx.db, subjectId),
  },
};
