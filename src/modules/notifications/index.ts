/** Notifications: the e-mail outbox (sealed messages), delivered over SMTP through the sharing gate. */
import './notifications.ctx.ts';
export {
  queueEmail,
  readOutbox,
  deliverDueMail,
  SUBJECTS,
  type OutboxMessage,
  type Template,
  type DeliveryState,
} from './outbox.ts';
export { SmtpMailRelay, type MailRelay, type MailShare, type MailEnvelope } from './mail-relay.ts';
export { notificationsPersonalData } from './notifications.personal-data.ts';
export { confirmationText } from './order-confirmation.ts';
export { parcelMailText, sendParcelMail } from './parcel-mail.ts';
export { notificationsModule } from './notifications.module.ts';
