import { index, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';
import { catalogSchema } from './catalog.schema.ts';

/**
 * A product a shopper looked at, kept only while they consented to personalisation (PV-2, SF-3):
 * what "matched for you" is drawn from. Without consent nothing is written here — views are
 * anonymous counters only. Deleted on withdrawal, on history deletion, on erasure, and after the
 * `browsing_history` retention period.
 */
export const browsingEvent = catalogSchema.table(
  'browsing_event',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** A member's subject id, or a visitor's random `vis_…` id (their consent cookie). */
    holder: text('holder').notNull(),
    productId: text('product_id').notNull(),
    categoryId: text('category_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('browsing_event_holder').on(t.tenantId, t.holder, t.at), tenantIsolation(t)],
);
