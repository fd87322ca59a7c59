import { integer, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation } from '#db/schema-helpers.ts';

export const throttleSchema = pgSchema('throttle');

/**
 * Recent failures (wrong passwords, declined cards) per rule, per scope (an account, a cart, a
 * client address) and per source. Scope and source are stored only as keyed hashes (HMAC under the
 * tenant's blind-index key), so the table names no person and no address; rows end with their window.
 */
export const failureWindow = throttleSchema.table(
  'failure_window',
  {
    tenantId: tenantIdColumn(),
    rule: text('rule').notNull(),
    scopeHash: text('scope_hash').notNull(),
    sourceHash: text('source_hash').notNull(),
    failures: integer('failures').notNull(),
    windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.rule, t.scopeHash, t.sourceHash] }), tenantIsolation(t)],
);
