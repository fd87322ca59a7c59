import { index, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const checkoutSchema = pgSchema('checkout');

/**
 * A checkout submission under its Idempotency-Key: which cart it took, which order it made, and
 * how far it got (`charging`, then `paid`). A retry with the key finds it instead of charging
 * again; a second submission of the same cart finds it by the cart; a submission interrupted
 * while charging is finished or undone by the recovery job. Kept a day.
 */
export const submission = checkoutSchema.table(
  'submission',
  {
    tenantId: tenantIdColumn(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 of who submitted (the member, or the guest cart's token hash). */
    requestHash: text('request_hash').notNull(),
    cartId: text('cart_id').notNull(),
    orderId: text('order_id').notNull(),
    state: text('state').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.idempotencyKey] }),
    index('submission_cart').on(t.tenantId, t.cartId),
    index('submission_requester').on(t.tenantId, t.requestHash, t.createdAt),
    index('submission_state').on(t.tenantId, t.state, t.updatedAt),
    tenantIsolation(t),
  ],
);
