import { check, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const stockSchema = pgSchema('stock');

/**
 * Units on hand per variant. Never written alone: every change is one statement that also appends
 * its movement, so `on_hand` always equals the sum of the variant's movements (MO-5).
 */
export const level = stockSchema.table(
  'level',
  {
    tenantId: tenantIdColumn(),
    variantId: text('variant_id').primaryKey(),
    onHand: integer('on_hand').notNull(),
  },
  (t) => [check('level_on_hand_not_negative', sql`${t.onHand} >= 0`), tenantIsolation(t)],
);

/** The append-only ledger of stock changes: sales, cancelled sales, returns, receipts, adjustments. */
export const movement = stockSchema.table(
  'movement',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    variantId: text('variant_id').notNull(),
    kind: text('kind').notNull(),
    /** Signed: negative takes units off the shelf. */
    quantity: integer('quantity').notNull(),
    /** The order a sale, cancellation or return belongs to. */
    orderId: text('order_id'),
    /** Why an adjustment was made ("stocktake", "damaged"); never personal. */
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Who moved it, by role or job (`staff:warehouse`, `system:checkout`), never a person's name. */
    actor: text('actor').notNull(),
  },
  (t) => [index('movement_variant').on(t.tenantId, t.variantId, t.at), tenantIsolation(t)],
);
