/** Notifications: the e-mail outbox (sealed messages; a development page reads them). */
export { queueEmail, readOutbox, type OutboxMessage, type Template } from './outbox.ts';
export { notificationsPersonalData } from './notifications.personal-data.ts';
export { confirmationText } from './order-confirmation.ts';
export { notificationsModule } from './notifications.module.ts';
