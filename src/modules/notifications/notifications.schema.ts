import { index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const notificationsSchema = pgSchema('notifications');

/**
 * E-mails waiting to be sent (and, in development, read on the outbox page). Recipient and body
 * are sealed under the recipient subject's key: shredding the subject shreds its mail too.
 */
export const outbox = notificationsSchema.table(
  'outbox',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    subjectId: text('subject_id').notNull(),
    template: text('template').notNull(),
    recipient: text('recipient').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_created').on(t.tenantId, t.createdAt), tenantIsolation(t)],
);
