import { index, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const privacySchema = pgSchema('privacy');

/**
 * One data key per data subject (member, guest shopper, marketplace buyer), stored only wrapped by
 * the master key. Deleting the wrapped key is crypto-shredding: every ciphertext of that subject,
 * here and in every backup, becomes unreadable (SEC-1, SEC-6, DR-4).
 */
export const subjectKey = privacySchema.table(
  'subject_key',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The subject's own id (`cus_…`, `gst_…`); once the key is destroyed, the key's own id. */
    subjectId: text('subject_id').notNull(),
    /** `<master key id>.<nonce>.<wrapped key + tag>`, base64url parts. */
    wrappedKey: text('wrapped_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when the key is destroyed; the row stays as proof (and for restores to replay). */
    destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
    /**
     * A locked key (RT-4 inactive account, RT-5 legal hold): wrapped under the separate lock key
     * instead of the master key (`wrapped_key` is then NULL), so nothing that runs with the master
     * key alone can open the subject's data until the lock is lifted.
     */
    lockedKey: text('locked_key'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    /** Why: `inactive` (lifted by the owner's next log-in) or `legal_hold` (lifted on release). */
    lockReason: text('lock_reason'),
  },
  (t) => [index('subject_key_subject').on(t.tenantId, t.subjectId), tenantIsolation(t)],
);

/** Per-tenant secrets for blind indexes (HMAC keys), wrapped by the master key like subject keys. */
export const tenantKey = privacySchema.table(
  'tenant_key',
  {
    tenantId: tenantIdColumn(),
    purpose: text('purpose').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.purpose] }), tenantIsolation(t)],
);
