import { sql } from 'drizzle-orm';
import { index, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';
import { privacySchema } from '../vault/vault.schema.ts';

/**
 * The processor register (SH-6): each outside party a store sends data to, with its purpose, the
 * agreement it works under and the fields that agreement allows. At most one active processor of
 * each kind per store; a terminated one stays as the record of what was agreed.
 */
export const processor = privacySchema.table(
  'processor',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** `payment_provider`, `carrier`, `tracking_provider`, … (the inventory's recipients). */
    kind: text('kind').notNull(),
    /** The company or service, e.g. "Pledge test card processor". */
    name: text('name').notNull(),
    /** The one purpose the store shares data with it for (a purpose of the inventory). */
    purpose: text('purpose').notNull(),
    /** Where the data-processing agreement is kept (a reference, not the document). */
    agreementRef: text('agreement_ref').notNull(),
    /** Field names the agreement allows: inventory fields (`orders.shipping_address.city`) or plain references (`order_ref`). */
    fields: text('fields').array().notNull(),
    state: text('state').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    /** Why it was terminated, in the staff member's words about the company (never about a person). */
    terminationReason: text('termination_reason'),
  },
  (t) => [
    uniqueIndex('processor_one_active_kind')
      .on(t.tenantId, t.kind)
      .where(sql`${t.state} = 'active'`),
    tenantIsolation(t),
  ],
);

/**
 * The disclosure register (SH-5): one row per share the gate decided — released or refused —
 * with the recipient, purpose, field names and the order it concerns. Never a value.
 */
export const disclosure = privacySchema.table(
  'disclosure',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The processor it went to (null: none was registered for that kind). */
    processorId: text('processor_id'),
    recipient: text('recipient').notNull(),
    purpose: text('purpose').notNull(),
    fields: text('fields').array().notNull(),
    /** `released` or `refused`. */
    outcome: text('outcome').notNull(),
    /** Why it was refused: field names and states, never values. */
    reason: text('reason'),
    /** The order (or other record) it concerns, by its public reference. */
    ref: text('ref'),
    /** Who asked: `system:<job>`, `staff:<id>`, `shopper:…` as the audit log names actors. */
    actor: text('actor').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('disclosure_tenant_at').on(t.tenantId, t.at), tenantIsolation(t)],
);
