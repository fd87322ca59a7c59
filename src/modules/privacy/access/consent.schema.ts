import { boolean, index, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

import { privacySchema } from '../vault/vault.schema.ts';

/**
 * A subject's restriction of processing (DR-5): while it stands, only compliance and the contract's
 * own work (packing, sending, paying and booking an order already placed) see the subject's sealed
 * fields; customer service, reviews and personalisation see none.
 */
export const restriction = privacySchema.table(
  'restriction',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    subjectId: text('subject_id').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
  },
  (t) => [index('restriction_subject').on(t.tenantId, t.subjectId), tenantIsolation(t)],
);

/**
 * A consent choice, as made (CN-3): personalisation on or off, how it was expressed (the settings
 * page, Global Privacy Control, Do Not Track, an objection), under which policy version, when.
 * A member's choices are keyed by their subject id; a visitor's by a random id their browser
 * keeps in a cookie. The newest row is the choice in force.
 */
export const consentChoice = privacySchema.table(
  'consent_choice',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** A member's subject id, or `vis_…` (a visitor's random id). */
    holder: text('holder').notNull(),
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    /** `settings`, `gpc`, `dnt`, `objection`, `withdrawal`. */
    source: text('source').notNull(),
    policyVersion: text('policy_version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('consent_choice_holder').on(t.tenantId, t.holder, t.at), tenantIsolation(t)],
);
