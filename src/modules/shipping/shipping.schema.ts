import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const shippingSchema = pgSchema('shipping');

/** One line of a customs declaration (CN22/CN23): nothing about the person, only the goods. */
export interface CustomsItem {
  description: string;
  hsCode: string;
  quantity: number;
  valueCents: number;
  currency: string;
  originCountry: string;
}

/**
 * A parcel handed to the carrier (CK-4): an order's outbound parcel, or a return label a shopper
 * was given. The label shows the address, so it is sealed under the order's subject key; the
 * customs declaration describes goods only.
 */
export const shipment = shippingSchema.table(
  'shipment',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    orderId: text('order_id').notNull(),
    /** The order's public number (what the carrier and the tracking provider were told). */
    orderNumber: text('order_number').notNull(),
    /** The subject whose key seals the label (the order's shopper). */
    subjectId: text('subject_id').notNull(),
    direction: text('direction').notNull(),
    /** The return this label belongs to (return labels only). */
    returnId: text('return_id'),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    labelId: text('label_id').notNull(),
    /** The printable label (SVG) the carrier sold, sealed. */
    label: text('label').notNull(),
    weightGrams: integer('weight_grams').notNull(),
    customs: jsonb('customs').$type<CustomsItem[] | null>(),
    /** The last scan's kind: `label_created`, `picked_up`, `in_transit`, `customs`, `out_for_delivery`, `delivered`, `exception`. */
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The end of the last day of the store's delivery promise (outbound parcels). */
    expectedBy: timestamp('expected_by', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** When the delivery watch found it late (not delivered by `expectedBy`). */
    lateSince: timestamp('late_since', { withTimezone: true }),
    /** Registered with the tracking provider (null: to be retried). */
    trackingRegisteredAt: timestamp('tracking_registered_at', { withTimezone: true }),
    /** The staff role or job that bought the label. */
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    uniqueIndex('shipment_tracking_number').on(t.tenantId, t.trackingNumber),
    uniqueIndex('shipment_one_outbound')
      .on(t.tenantId, t.orderId)
      .where(sql`${t.direction} = 'outbound'`),
    uniqueIndex('shipment_one_return_label')
      .on(t.tenantId, t.returnId)
      .where(sql`${t.returnId} is not null`),
    index('shipment_order').on(t.tenantId, t.orderId),
    tenantIsolation(t),
  ],
);

/** A scan the tracking provider reported (picked up, in transit, customs, delivered, exception). */
export const trackingEvent = shippingSchema.table(
  'tracking_event',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    shipmentId: text('shipment_id').notNull(),
    /** The provider's id of the event: a repeated webhook is recorded once. */
    providerEventId: text('provider_event_id').notNull(),
    kind: text('kind').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** A facility name from the carrier (never the recipient's address). */
    location: text('location').notNull(),
    detail: text('detail'),
  },
  (t) => [
    uniqueIndex('tracking_event_provider_id').on(t.tenantId, t.providerEventId),
    index('tracking_event_shipment').on(t.tenantId, t.shipmentId, t.occurredAt),
    tenantIsolation(t),
  ],
);
