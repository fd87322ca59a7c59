import { index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const notificationsSchema = pgSchema('notifications');

/**
 * E-mails waiting to be sent, sent, or given up on. Recipient and body are sealed under the
 * recipient subject's key: shredding the subject shreds its mail too. Delivery is retried with
 * back-off (`attempts`, `next_attempt_at`); `last_error` names the failure's kind, never a value.
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
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_created').on(t.tenantId, t.createdAt),
    index('outbox_due').on(t.tenantId, t.nextAttemptAt),
    tenantIsolation(t),
  ],
);
