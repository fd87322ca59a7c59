import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const ordersSchema = pgSchema('orders');

/**
 * An order, from any channel (the store's own checkout, a marketplace import): what was bought, at
 * what price, and for whom (a member's id and/or the vault subject whose key seals its personal
 * fields). Erasing the shopper (DR-4) sets every personal column and both links to NULL and keeps
 * the rest for the books (see orders.personal-data.ts).
 */
export const order = ordersSchema.table(
  'order',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The number shoppers see and quote ("DEW-7K3M9QX2"); random, so it reveals no sales volume. */
    number: text('number').notNull(),
    /** Where the order came from: `storefront` or `marketplace`. */
    channel: text('channel').notNull(),
    /** The channel's own id of the order (a marketplace order id); unique per channel. */
    externalRef: text('external_ref'),
    /** The member who placed it; null for a guest (and once erased). */
    customerId: text('customer_id'),
    /** Vault subject whose key seals this order's personal fields (null once erased). */
    subjectId: text('subject_id'),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    subtotalWasCents: integer('subtotal_was_cents').notNull(),
    subtotalNowCents: integer('subtotal_now_cents').notNull(),
    shippingCents: integer('shipping_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    contactEmail: text('contact_email'),
    contactEmailIndex: text('contact_email_index'),
    /** The privacy-policy version the shopper accepted at checkout, and when (CN-3). */
    privacyPolicyVersion: text('privacy_policy_version'),
    policyAcceptedAt: timestamp('policy_accepted_at', { withTimezone: true }),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * Before the payments ledger existed, an order kept its provider and charge id here in clear.
     * The payments module moves them into the ledger (sealed) at start-up and empties these
     * columns; a later migration drops them (expand, then contract).
     */
    legacyPaymentProvider: text('payment_provider'),
    legacyPaymentChargeId: text('payment_charge_id'),
  },
  (t) => [
    uniqueIndex('order_tenant_number').on(t.tenantId, t.number),
    uniqueIndex('order_channel_ref')
      .on(t.tenantId, t.channel, t.externalRef)
      .where(sql`${t.externalRef} is not null`),
    index('order_customer').on(t.tenantId, t.customerId, t.placedAt),
    index('order_subject').on(t.tenantId, t.subjectId),
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
 * Where an order ships. Every column but the country is vault ciphertext (NULL once erased); the
 * country code stays readable because shipping, customs and sales statistics group by it.
 */
export const shippingAddress = ordersSchema.table(
  'shipping_address',
  {
    orderId: text('order_id')
      .primaryKey()
      .references(() => order.id, { onDelete: 'cascade' }),
    tenantId: tenantIdColumn(),
    recipientName: text('recipient_name'),
    streetLine1: text('street_line1'),
    streetLine2: text('street_line2'),
    city: text('city'),
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
    /** Who made the change, as `actorLabel` names it (`member`, `staff:warehouse`); never a name. */
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
