import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { readPersonal } from '#modules/privacy';
import { notificationsPersonalData } from './notifications.personal-data.ts';
import { notificationsRepository } from './notifications.repository.ts';
import { sendOrderConfirmation } from './order-confirmation.ts';
import { deliverDueMail } from './outbox.ts';
import { sendParcelMail } from './parcel-mail.ts';
import { refundText, returnLabelText, sendAfterSalesMail, ticketReplyText } from './after-sales-mail.ts';
import { replyForMail } from '#modules/support';

/** Notifications: the sealed e-mail outbox, its delivery, and the e-mails other modules' events call for. */
export const notificationsModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'notifications',
  jobs: [
    {
      // Messages that could not be sent at once (relay down, gate refused) are retried here.
      id: 'notifications.deliver-mail',
      everyMs: 30_000,
      scope: 'tenant',
      run: (ctx) => deliverDueMail(ctx!),
    },
  ],
  subscribes: [
    {
      event: 'notifications.mail_queued',
      name: 'notifications.send-mail',
      handle: async (ctx, event) => {
        await deliverDueMail(ctx, String(event.payload.messageId));
      },
    },
    {
      event: 'orders.order_placed',
      name: 'notifications.order-confirmation',
      handle: async (ctx, event) => {
        if (event.payload.channel === 'storefront')
          await sendOrderConfirmation(ctx, String(event.payload.orderId));
      },
    },
    {
      event: 'shipping.parcel_shipped',
      name: 'notifications.parcel-shipped',
      handle: (ctx, event) => sendParcelMail(ctx, 'order_shipped', String(event.payload.orderId)),
    },
    {
      event: 'shipping.parcel_delivered',
      name: 'notifications.parcel-delivered',
      handle: (ctx, event) => sendParcelMail(ctx, 'order_delivered', String(event.payload.orderId)),
    },
    {
      event: 'shipping.parcel_late',
      name: 'notifications.parcel-late',
      handle: (ctx, event) => sendParcelMail(ctx, 'parcel_delayed', String(event.payload.orderId)),
    },
    {
      event: 'shipping.return_label_issued',
      name: 'notifications.return-label',
      handle: (ctx, event) =>
        sendAfterSalesMail(ctx, String(event.payload.orderId), 'return_label', (number) =>
          returnLabelText(ctx, number),
        ),
    },
    {
      event: 'returns.refund_issued',
      name: 'notifications.refund-issued',
      handle: (ctx, event) =>
        sendAfterSalesMail(ctx, String(event.payload.orderId), 'refund_issued', (number) =>
          refundText(ctx, number, Number(event.payload.amountCents), String(event.payload.currency)),
        ),
    },
    {
      event: 'support.ticket_replied',
      name: 'notifications.ticket-reply',
      handle: async (ctx, event) => {
        const reply = await replyForMail(
          ctx,
          String(event.payload.ticketId),
          String(event.payload.messageId),
        );
        if (reply)
          await sendAfterSalesMail(ctx, String(event.payload.orderId), 'ticket_reply', (number) =>
            ticketReplyText(ctx, number, reply.body),
          );
      },
    },
  ],
  retention: [
    {
      rule: 'outbox_messages',
      what: 'e-mails sent or given up on',
      run: (ctx, o) => notificationsRepository.finishedBefore(ctx.db, o.cutoff, o.dryRun, o.legalHolds),
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
    forgetHistory: async (ctx, subjectId) => ({
      forgotten: await notificationsRepository.deleteFinishedOfSubject(ctx.db, subjectId),
      waiting: 0,
    }),
  },
};
