import { sql } from 'drizzle-orm';
import { jsonb, pgPolicy, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import type { TenantPolicy } from './tenant-policy.ts';

export const tenantsSchema = pgSchema('tenants');

/**
 * The tenant registry. It is platform-owned (it is how a request finds its tenant, before any
 * tenant is set), so it has no `tenant_id`; it holds only what a merchant publishes: name, host
 * names and the published policy parameters. Row-level security lets everyone read it and nobody
 * write it; the app role is granted SELECT only (migrate.ts), and writes go through the operator
 * path (`Database.asOperator`), whose owner role bypasses RLS as the table's owner.
 */
export const tenant = tenantsSchema.table(
  'tenant',
  {
    id: text().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    tagline: text().notNull().default(''),
    hosts: text().array().notNull().default([]),
    policy: jsonb().$type<TenantPolicy>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  () => [pgPolicy('tenant_read', { as: 'permissive', for: 'select', to: 'public', using: sql`true` })],
);
