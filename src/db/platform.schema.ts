import { index, integer, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from './schema-helpers.ts';

/** The platform's own plumbing tables (no business data): event deliveries. */
export const eventsSchema = pgSchema('events');

/**
 * The transactional outbox: one row per (event, subscriber), written in the same transaction as
 * the change it announces, delivered after commit, retried with back-off until it succeeds.
 * Payloads carry ids and amounts, never personal values (a subscriber reads those through the
 * privacy read path), so the table needs no sealing.
 */
export const delivery = eventsSchema.table(
  'delivery',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    subscriber: text('subscriber').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    requestId: text('request_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set after the last retry failed: it needs a person (and shows on the operator's dashboard). */
    deadAt: timestamp('dead_at', { withTimezone: true }),
    /** The failure's type and SQLSTATE or kind, never its message (which may quote values). */
    lastError: text('last_error'),
  },
  (t) => [index('delivery_due').on(t.tenantId, t.deliveredAt, t.nextAttemptAt), tenantIsolation(t)],
);
