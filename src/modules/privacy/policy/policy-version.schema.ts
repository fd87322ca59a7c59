import { date, jsonb, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';
import { privacySchema } from '../vault/vault.schema.ts';

/**
 * Each version of a store's privacy page, kept as it read when the version came into effect
 * (PV-5, PL-1): the promises and the table of what is collected — text only, no personal data.
 * Append-only (the app role may not update or delete it), so a shopper's accepted version can
 * always be shown as it was.
 */
export const policyVersion = privacySchema.table(
  'policy_version',
  {
    tenantId: tenantIdColumn(),
    version: text('version').notNull(),
    effectiveOn: date('effective_on').notNull(),
    /** The page's content (`PrivacyDocument`), as JSON. */
    document: jsonb('document').notNull(),
    /** SHA-256 of the document's content (`documentFingerprint`): equal fingerprints, same page. Not compared yet. */
    fingerprint: text('fingerprint').notNull(),
    keptAt: timestamp('kept_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] }), tenantIsolation(t)],
);
