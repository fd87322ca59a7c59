import { index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const ordersSchema = pgSchema('orders');

/**
 * An order: what was bought, at what price, by whom (a member's id or a guest subject id) and how
 * it was paid (the provider's charge id only). Contact e-mail is vault ciphertext; its blind index
 * serves the guest order lookup (see orders.personal-data.ts).
 */
export const order = ordersSchema.table(
  'order',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The number shoppers see and quote ("DEW-7K3M9QX2"); random, so it reveals no sales volume. */
    number: text('number').notNull(),
    /** The client's Idempotency-Key: a retried submission finds this order instead of making another. */
    idempotencyKey: text('idempotency_key').notNull(),
    /**
     * SHA-256 of who submitted (the member, or the guest cart's token hash): refuses a key reused by
     * someone else, and finds the order a second tab's submission of the same cart already made.
     */
    requestHash: text('request_hash').notNull(),
    /** The member who placed it; null for a guest. */
    customerId: text('customer_id'),
    /** Vault subject whose key seals this order's personal fields (the member, or a guest subject). */
    subjectId: text('subject_id').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    subtotalWasCents: integer('subtotal_was_cents').notNull(),
    subtotalNowCents: integer('subtotal_now_cents').notNull(),
    shippingCents: integer('shipping_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactEmailIndex: text('contact_email_index').notNull(),
    /** The privacy-policy version the shopper accepted at checkout, and when (CN-3). */
    privacyPolicyVersion: text('privacy_policy_version').notNull(),
    policyAcceptedAt: timestamp('policy_accepted_at', { withTimezone: true }).notNull(),
    paymentProvider: text('payment_provider').notNull(),
    /** The provider's charge id: the only payment reference Pledge keeps (CK-1). */
    paymentChargeId: text('payment_charge_id'),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('order_tenant_number').on(t.tenantId, t.number),
    uniqueIndex('order_tenant_idempotency').on(t.tenantId, t.idempotencyKey),
    index('order_customer').on(t.tenantId, t.customerId, t.placedAt),
    index('order_requester').on(t.tenantId, t.requestHash, t.placedAt),
    tenantIsolation(t),
  ],
);

/** A line of an order: a snapshot of the item and the prices paid, kept for bookkeeping. */
export const orderLine = ordersSchema.table(
  'order_line',
  {
    tenantId: tenantIdColumn(),
    orderId: text('order_id')
      .notNull()
      .references(() => order.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    variantId: text('variant_id').notNull(),
    productId: text('product_id').notNull(),
    sku: text('sku').notNull(),
    productName: text('product_name').notNull(),
    variantTitle: text('variant_title').notNull(),
    quantity: integer('quantity').notNull(),
    unitWasCents: integer('unit_was_cents').notNull(),
    unitNowCents: integer('unit_now_cents').notNull(),
    campaignSlug: text('campaign_slug'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] }), tenantIsolation(t)],
);

/**
 * Where an order ships. Every column but the country is vault ciphertext; the country code stays
 * readable because shipping, customs and sales statistics group by it.
 */
export const shippingAddress = ordersSchema.table(
  'shipping_address',
  {
    orderId: text('order_id')
      .primaryKey()
      .references(() => order.id, { onDelete: 'cascade' }),
    tenantId: tenantIdColumn(),
    recipientName: text('recipient_name').notNull(),
    streetLine1: text('street_line1').notNull(),
    streetLine2: text('street_line2'),
    city: text('city').notNull(),
    region: text('region'),
    postalCode: text('postal_code'),
    countryCode: text('country_code').notNull(),
    phone: text('phone'),
  },
  (t) => [tenantIsolation(t)],
);

/** Every status change of an order, through the transition table (order-status.ts). */
export const statusChange = ordersSchema.table(
  'status_change',
  {
    tenantId: tenantIdColumn(),
    orderId: text('order_id')
      .notNull()
      .references(() => order.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** Who made the change: 'shopper', 'system' or a staff role. Never a person's name. */
    actor: text('actor').notNull(),
  },
  (t) => [index('status_change_order').on(t.orderId, t.at), tenantIsolation(t)],
);

/**
 * Lets a browser see a guest order after checkout or a successful lookup: the cookie holds a random
 * token, the table its SHA-256. Grants expire after a day.
 */
export const accessGrant = ordersSchema.table(
  'access_grant',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: tenantIdColumn(),
    orderId: text('order_id')
      .notNull()
      .references(() => order.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [tenantIsolation(t)],
);
