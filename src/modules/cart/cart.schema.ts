import { index, integer, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const cartSchema = pgSchema('cart');

/**
 * A shopping cart: an anonymous visitor's (found by the hash of its cookie token) or a member's.
 * No add/remove history is kept, only the current lines (SF-5, CN rules for passive data).
 */
export const cart = cartSchema.table(
  'cart',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** SHA-256 of the anonymous cart cookie; null for a member's cart. */
    tokenHash: text('token_hash'),
    customerId: text('customer_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cart_token').on(t.tenantId, t.tokenHash),
    index('cart_customer').on(t.tenantId, t.customerId),
    tenantIsolation(t),
  ],
);

export const cartLine = cartSchema.table(
  'cart_line',
  {
    tenantId: tenantIdColumn(),
    cartId: text('cart_id')
      .notNull()
      .references(() => cart.id, { onDelete: 'cascade' }),
    variantId: text('variant_id').notNull(),
    quantity: integer('quantity').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.variantId] }), tenantIsolation(t)],
);
