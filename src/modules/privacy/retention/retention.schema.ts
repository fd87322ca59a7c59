import { boolean, index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';
import { privacySchema } from '../vault/vault.schema.ts';

/**
 * One rule's part of a retention run (RT-1..3): which rule, what it removes, how many rows, how
 * long it took, any error; a dry run counts without removing. No personal value, no subject id:
 * compliance reads these as the proof that retention runs.
 */
export const retentionRun = privacySchema.table(
  'retention_run',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    /** The run (`run_…` or a request id): the rules of one pass share it. */
    runId: text('run_id').notNull(),
    rule: text('rule').notNull(),
    what: text('what').notNull(),
    dryRun: boolean('dry_run').notNull(),
    rows: integer('rows').notNull(),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('retention_run_at').on(t.tenantId, t.at), tenantIsolation(t)],
);
