import { index, integer, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const returnsSchema = pgSchema('returns');

/** One returned line: what comes back and what it was paid at. */
export interface ReturnLine {
  sku: string;
  productName: string;
  variantTitle: string;
  quantity: number;
  /** The price paid per unit, in cents. */
  unitCents: number;
}

/**
 * A return (CK-5): the lines coming back, why, the free label's parcel (in shipping), when the
 * warehouse received it, the refund review's deadline in working days, and the decision. The
 * shopper's own words (`note`) are sealed under the order's subject key.
 */
export const returnRequest = returnsSchema.table(
  'return_request',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    orderId: text('order_id').notNull(),
    orderNumber: text('order_number').notNull(),
    subjectId: text('subject_id').notNull(),
    /** `requested` → `received` → `refunded` | `partially_refunded` | `rejected` (see return-status.ts). */
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    lines: jsonb('lines').$type<ReturnLine[]>().notNull(),
    valueCents: integer('value_cents').notNull(),
    currency: text('currency').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: text('requested_by').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    /** The end of the last working day of the store's refund review (set on receipt). */
    reviewDueBy: timestamp('review_due_by', { withTimezone: true }),
    /** When the review clock was found breached (flagged to finance and customer service). */
    reviewLateSince: timestamp('review_late_since', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    refundedCents: integer('refunded_cents').notNull().default(0),
    /** Why a refund was refused, in staff's words about the goods (never about the person). */
    rejectionReason: text('rejection_reason'),
  },
  (t) => [
    index('return_order').on(t.tenantId, t.orderId),
    index('return_status').on(t.tenantId, t.status, t.requestedAt),
    tenantIsolation(t),
  ],
);
