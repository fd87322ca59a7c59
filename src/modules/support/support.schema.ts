import { index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const supportSchema = pgSchema('support');

/**
 * A customer-service case about one order (CK-6): a shopper's question, a logistics exception the
 * delivery watch raised, a return. Status through `ticket-status.ts`; assigned to one staff member.
 */
export const ticket = supportSchema.table(
  'ticket',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    orderId: text('order_id').notNull(),
    orderNumber: text('order_number').notNull(),
    subjectId: text('subject_id').notNull(),
    topic: text('topic').notNull(),
    status: text('status').notNull(),
    /** The staff user handling it (their id; null: nobody yet). */
    assignedTo: text('assigned_to'),
    openedBy: text('opened_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('ticket_order').on(t.tenantId, t.orderId),
    index('ticket_status').on(t.tenantId, t.status, t.updatedAt),
    tenantIsolation(t),
  ],
);

/** One message of a case, in the shopper's or staff's words: sealed under the order's subject key. */
export const ticketMessage = supportSchema.table(
  'ticket_message',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    ticketId: text('ticket_id').notNull(),
    subjectId: text('subject_id').notNull(),
    /** `shopper`, `staff:<role>` or `system:<job>`: who wrote it, never a name. */
    author: text('author').notNull(),
    body: text('body').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('ticket_message_ticket').on(t.tenantId, t.ticketId, t.at), tenantIsolation(t)],
);
