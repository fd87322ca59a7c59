import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const securitySchema = pgSchema('security');

/**
 * An abnormal-access alert (SEC-4, IR-3): what a detector saw (kind, counts, window), who did it
 * (`staff:<id>`, `api:<id>`, `system:<job>` — never a shopper's value), and what compliance or the
 * owner did about it. One alert per kind, actor and hour (`dedupe`), however often the detector runs.
 */
export const alert = securitySchema.table(
  'alert',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** `bulk_read`, `bulk_export`, `failed_logins`, `scraping`, `canary`, `incident_overdue`. */
    kind: text('kind').notNull(),
    /** The actor the log names, or `source:<hash>` for traffic from one (hashed) address. */
    actor: text('actor').notNull(),
    /** Counts and the window (no personal value). */
    detail: jsonb('detail').$type<Record<string, string | number>>().notNull(),
    /** `open` → `dismissed` | `isolated` | `escalated` (alert-status.ts). */
    status: text('status').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    /** `<kind>|<actor>|<hour>`: the same pattern by the same actor raises one alert an hour. */
    dedupe: text('dedupe').notNull(),
    /** The staff user who handled it (their id). */
    handledBy: text('handled_by'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    /** The incident it was escalated to. */
    incidentId: text('incident_id'),
  },
  (t) => [
    uniqueIndex('alert_dedupe').on(t.tenantId, t.dedupe),
    index('alert_status_time').on(t.tenantId, t.status, t.raisedAt),
    tenantIsolation(t),
  ],
);

/**
 * A personal-data incident (IR-1, IR-2): type, when the store became aware (the clocks start
 * there), the partner (24 h) and authority (72 h) deadlines and when each was notified, the
 * affected subjects derived from the audit log (a count; the pseudonyms are the evidence), status.
 */
export const incident = securitySchema.table(
  'incident',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** `INC-` and 6 characters, what staff quote. */
    reference: text('reference').notNull(),
    kind: text('kind').notNull(),
    /** A short description (sealed under the incident's own key: staff may write anything). */
    summary: text('summary'),
    /** `open` → `contained` → `closed` (incident-status.ts). */
    status: text('status').notNull(),
    awareAt: timestamp('aware_at', { withTimezone: true }).notNull(),
    partnerDueAt: timestamp('partner_due_at', { withTimezone: true }).notNull(),
    authorityDueAt: timestamp('authority_due_at', { withTimezone: true }).notNull(),
    partnerNotifiedAt: timestamp('partner_notified_at', { withTimezone: true }),
    authorityNotifiedAt: timestamp('authority_notified_at', { withTimezone: true }),
    /** Escalated to the owner when a deadline passed with its notice not sent. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** The actor whose access is the incident (as the audit log names it), if one. */
    suspectActor: text('suspect_actor'),
    /** The window of the suspect's activity the affected subjects were derived from. */
    windowFrom: timestamp('window_from', { withTimezone: true }),
    windowTo: timestamp('window_to', { withTimezone: true }),
    /** Distinct data subjects the suspect touched in the window (from the audit log). */
    affectedSubjects: integer('affected_subjects').notNull(),
    /** Their pseudonyms (HMAC, as the audit log names them): the evidence, never an id or a value. */
    affectedPseudonyms: jsonb('affected_pseudonyms').$type<string[]>().notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('incident_status').on(t.tenantId, t.status, t.authorityDueAt), tenantIsolation(t)],
);

/** One line of an incident's timeline: detected, an action, a note, evidence, a notice sent. */
export const incidentEntry = securitySchema.table(
  'incident_entry',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incident.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** `staff:<id>` or `system:<job>`. */
    actor: text('actor').notNull(),
    /** `detected`, `action`, `note`, `evidence`, `notified`, `escalated`, `status`. */
    kind: text('kind').notNull(),
    /** What happened, in staff's words (sealed under the incident's key). */
    text: text('text'),
    /** For evidence: the SHA-256 of the file or export kept elsewhere. */
    evidenceSha256: text('evidence_sha256'),
  },
  (t) => [index('incident_entry_incident').on(t.incidentId, t.at), tenantIsolation(t)],
);

/**
 * Canary records (IR-3): fake members no legitimate work ever opens. Any audited access to one
 * raises an alert at once (the detector compares the log's pseudonyms).
 */
export const canary = securitySchema.table(
  'canary',
  {
    tenantId: tenantIdColumn(),
    subjectId: text('subject_id').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [tenantIsolation(t)],
);
