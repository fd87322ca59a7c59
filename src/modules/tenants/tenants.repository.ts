import { eq, sql } from 'drizzle-orm';
import { announce, queryRows, type Db } from '#db/client.ts';
import { tenant } from './tenants.schema.ts';
import type { Tenant } from './tenant.ts';

/**
 * The notification channel on which every change to the tenant registry is announced (payload:
 * the tenant id); each process refreshes its directory and drops its cached pages when it hears it.
 */
export const TENANTS_CHANGED = 'pledge_tenants';

/** All SQL of the tenants module. */
export const tenantsRepository = {
  async insert(db: Db, row: typeof tenant.$inferInsert): Promise<void> {
    await db.insert(tenant).values(row);
    await announce(db, TENANTS_CHANGED, row.id);
  },
  async findBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
    const [row] = await db.select().from(tenant).where(eq(tenant.slug, slug));
    return row;
  },
  async findByHost(db: Db, host: string): Promise<Tenant | undefined> {
    const [row] = await db
      .select()
      .from(tenant)
      .where(sql`${host} = any(${tenant.hosts})`);
    return row;
  },
  /** Replaces the current store's campaigns (through `tenants.set_campaigns`, migration 0019). */
  async setCampaigns(db: Db, tenantId: string, campaigns: unknown[]): Promise<void> {
    await queryRows(db, sql`select tenants.set_campaigns(${JSON.stringify(campaigns)}::jsonb)`);
    await announce(db, TENANTS_CHANGED, tenantId);
  },
  /** Replaces the current store's policy versions (through `tenants.set_policy_versions`, migration 0036). */
  async setPolicyVersions(db: Db, tenantId: string, versions: unknown[]): Promise<void> {
    await queryRows(db, sql`select tenants.set_policy_versions(${JSON.stringify(versions)}::jsonb)`);
    await announce(db, TENANTS_CHANGED, tenantId);
  },
  async list(db: Db): Promise<Tenant[]> {
    return db.select().from(tenant).orderBy(tenant.slug);
  },
};
