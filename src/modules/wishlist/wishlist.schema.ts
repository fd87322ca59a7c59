import { pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const wishlistSchema = pgSchema('wishlist');

/** A product a member saved for later ("commodity collection", SF-5). */
export const savedItem = wishlistSchema.table(
  'saved_item',
  {
    tenantId: tenantIdColumn(),
    customerId: text('customer_id').notNull(),
    productId: text('product_id').notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.customerId, t.productId] }), tenantIsolation(t)],
);
