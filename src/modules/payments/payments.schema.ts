import { index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const paymentsSchema = pgSchema('payments');

/**
 * The payments ledger: every charge and refund Pledge made through a provider, with its amount
 * and the provider's reference (sealed under the order's subject key: SEC-1's "double protection"
 * of payment references). Finance reads it; a refund finds its charge here.
 */
export const ledgerEntry = paymentsSchema.table(
  'ledger_entry',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    orderId: text('order_id').notNull(),
    kind: text('kind').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    provider: text('provider').notNull(),
    /** The provider's charge or refund id, sealed; null once the subject was erased. */
    providerRef: text('provider_ref'),
    /** The subject whose key seals the reference (null once erased). */
    subjectId: text('subject_id'),
    /** Makes recording idempotent: one entry per charge or refund attempt. */
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('ledger_idempotency').on(t.tenantId, t.idempotencyKey),
    index('ledger_order').on(t.tenantId, t.orderId),
    tenantIsolation(t),
  ],
);
