import { index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const reviewsSchema = pgSchema('reviews');

/**
 * A verified purchaser's review of a product (SF-6). What the shopper wrote is sealed under the
 * order's subject key until the owner publishes it; publishing copies the text and the display
 * name (the member's nickname, or "Verified buyer") into the `published_*` columns that product
 * pages show — public by the author's own act, and removed with the review on erasure.
 */
export const review = reviewsSchema.table(
  'review',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    productId: text('product_id').notNull(),
    orderId: text('order_id').notNull(),
    /** The reviewer; null once erased with a review the store keeps as "Verified buyer". */
    subjectId: text('subject_id'),
    rating: integer('rating').notNull(),
    /** The text as written (sealed). */
    body: text('body'),
    /** The name it is to be shown under (sealed): a nickname, or "Verified buyer". */
    displayName: text('display_name'),
    /** `pending` → `published` | `rejected`. */
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    moderatedBy: text('moderated_by'),
    publishedBody: text('published_body'),
    publishedName: text('published_name'),
  },
  (t) => [
    uniqueIndex('review_one_per_order_product').on(t.tenantId, t.orderId, t.productId),
    index('review_product').on(t.tenantId, t.productId, t.status),
    tenantIsolation(t),
  ],
);
