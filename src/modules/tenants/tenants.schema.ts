import { jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import type { TenantPolicy } from './tenant-policy.ts';

export const tenantsSchema = pgSchema('tenants');

/**
 * The tenant registry. It is platform-owned (it is how a request finds its tenant, before any
 * tenant is set), so it has no `tenant_id` and no row-level-security policy; it holds only what a
 * merchant publishes: name, host names and the published policy parameters.
 */
export const tenant = tenantsSchema.table('tenant', {
  id: text().primaryKey(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  tagline: text().notNull().default(''),
  hosts: text().array().notNull().default([]),
  policy: jsonb().$type<TenantPolicy>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});
