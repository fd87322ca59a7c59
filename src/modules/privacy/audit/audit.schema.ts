import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgPolicy, text, timestamp } from 'drizzle-orm/pg-core';
import { privacySchema } from '../vault/vault.schema.ts';

// The tamper-evident audit log (AU-1..3), in the privacy schema. Its grants differ from the other
// tables': the app role may INSERT and SELECT events and checkpoints, never UPDATE, DELETE or
// TRUNCATE them (src/db/migrate.ts), and triggers refuse those to everyone (migration 0018).

/**
 * A store sees its own rows; a platform transaction (no store set: staff log-in, the checkpoint
 * job) sees every row and writes rows of no store.
 */
const storeOrPlatform = (tenantId: unknown) =>
  pgPolicy('store_or_platform', {
    as: 'permissive',
    for: 'all',
    to: 'public',
    using: sql`coalesce(current_setting('app.tenant_id', true), '') in ('', ${tenantId as never})`,
    withCheck: sql`coalesce(current_setting('app.tenant_id', true), '') in ('', ${tenantId as never})`,
  });

/**
 * One audited action. Events form chains (`chain` = `<store id or platform>:<lane>`): each holds
 * the hash of the one before it in its chain, `hash = SHA-256(prev_hash ‖ RFC 8785 JSON of the
 * event)`. A store writes to several lanes so that concurrent checkouts do not queue behind one
 * chain head. Never a personal value: the subject is a pseudonym (HMAC), fields are names.
 */
export const auditEvent = privacySchema.table(
  'audit_event',
  {
    /** Global order of writing; within one chain it grows with the position. */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    chain: text('chain').notNull(),
    /** 1, 2, 3… within the chain. */
    pos: bigint('pos', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    /** The store; null for platform events (staff log-in, operator actions). */
    tenantId: text('tenant_id'),
    /** `staff:<id>`, `system:<job>`, `shopper:<pseudonym>`, `operator:<id>`, `api:<id>`, `anonymous`. */
    actor: text('actor').notNull(),
    role: text('role'),
    action: text('action').notNull(),
    /** HMAC pseudonym of the data subject (`ps_…`), never the subject's id. */
    subject: text('subject'),
    tableName: text('table_name'),
    fields: text('fields').array().notNull(),
    purpose: text('purpose'),
    requestId: text('request_id').notNull(),
    /** Ids and counts that help an investigator; no personal value. */
    detail: jsonb('detail').$type<Record<string, string | number>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_event_chain').on(t.chain, t.seq),
    index('audit_event_store_time').on(t.tenantId, t.at),
    index('audit_event_store_subject').on(t.tenantId, t.subject),
    storeOrPlatform(t.tenantId),
  ],
);

/** The head of each chain: its last position and hash. Locked while a transaction appends. */
export const auditHead = privacySchema.table(
  'audit_head',
  {
    chain: text('chain').primaryKey(),
    tenantId: text('tenant_id'),
    pos: bigint('pos', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [storeOrPlatform(t.tenantId)],
);

/**
 * A signed statement "chain C had hash H at position P" (Ed25519 over RFC 8785 JSON). Anyone holding
 * the exported public key can check that nothing up to P was changed, removed or cut off.
 */
export const auditCheckpoint = privacySchema.table(
  'audit_checkpoint',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chain: text('chain').notNull(),
    tenantId: text('tenant_id'),
    pos: bigint('pos', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    /** Which signing key: the first 16 hex digits of SHA-256 over the raw public key. */
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_checkpoint_chain').on(t.chain, t.pos), storeOrPlatform(t.tenantId)],
);
