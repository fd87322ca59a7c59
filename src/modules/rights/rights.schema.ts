import { index, integer, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const rightsSchema = pgSchema('rights');

/**
 * A request about personal data or a complaint (DR-3..8): who asked (a member, a guest verified by
 * a code, or a visitor), what, the clock it runs on, who handles it, and the answer. What people
 * wrote is sealed under the requester's subject key; on erasure the record keeps only its kind,
 * dates and receipt (counts), as proof the request was carried out.
 */
export const request = rightsSchema.table(
  'request',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** What the requester can quote: `PR-` and 8 characters, unique per store. */
    reference: text('reference').notNull(),
    kind: text('kind').notNull(),
    /** `member`, `guest` or `visitor`. */
    requester: text('requester').notNull(),
    /** The requester's subject (a member, a guest order's subject, or a visitor's own). */
    subjectId: text('subject_id'),
    /** Where the answer goes, for guests and visitors (sealed). Members are answered at their account's address. */
    contactEmail: text('contact_email'),
    /** The requester's words (sealed). */
    message: text('message'),
    /** The store's answer (sealed). */
    reply: text('reply'),
    /** `received` → `in_progress` → `completed` | `refused` (see request-status.ts). */
    status: text('status').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** The deadline: the store's own promise or the legal limit, whichever comes first. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** The legal limit (GDPR: one month), for the record. */
    legalDueAt: timestamp('legal_due_at', { withTimezone: true }).notNull(),
    /** Which clock `dueAt` is: `store` (the store's working days) or `gdpr`. */
    clock: text('clock').notNull(),
    /** The compliance staff user handling it (their id). */
    assignedTo: text('assigned_to'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** What was done: rows per module, keys destroyed (never a personal value). */
    receipt: jsonb('receipt'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('request_status_due').on(t.tenantId, t.status, t.dueAt),
    index('request_subject').on(t.tenantId, t.subjectId),
    index('request_reference').on(t.tenantId, t.reference),
    tenantIsolation(t),
  ],
);

/**
 * A guest's proof of identity for rights requests (DR-6, DR-8): an order number and its e-mail
 * address earn a one-time code by e-mail; the code earns a short-lived rights token for the
 * subjects of that address's guest orders. Only hashes are stored.
 */
export const verification = rightsSchema.table(
  'verification',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The order the guest named (its subject receives the code). */
    orderId: text('order_id').notNull(),
    subjectId: text('subject_id').notNull(),
    /** The guest orders' subjects the token opens (same e-mail address). */
    subjectIds: text('subject_ids').array().notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull(),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }).notNull(),
    /** SHA-256 of the rights token, once the code was right. */
    tokenHash: text('token_hash'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('verification_token').on(t.tokenHash), tenantIsolation(t)],
);
