import { index, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';
import { privacySchema } from '../vault/vault.schema.ts';

/**
 * A legal hold on one subject (RT-5): while it stands the subject's key is locked under the lock
 * key, no retention rule or erasure removes their data, and only compliance opens it, with a
 * purpose. The basis is from a closed list and the reference is a case number (letters, digits,
 * dashes): no free text that could carry a person's details.
 */
export const legalHold = privacySchema.table(
  'legal_hold',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    subjectId: text('subject_id').notNull(),
    basis: text('basis').notNull(),
    reference: text('reference').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    releasedBy: text('released_by'),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [index('legal_hold_subject').on(t.tenantId, t.subjectId), tenantIsolation(t)],
);
