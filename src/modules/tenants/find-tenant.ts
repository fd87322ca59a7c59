import type { Db } from '#db/client.ts';
import { notFound } from '#platform/errors.ts';
import { tenantsRepository } from './tenants.repository.ts';
import type { Tenant } from './tenant.ts';

/** The store with this slug; throws `not_found` naming the slug. */
export async function getTenantBySlug(ctx: { db: Db }, slug: string): Promise<Tenant> {
  const found = await tenantsRepository.findBySlug(ctx.db, slug);
  if (!found) throw notFound('store', slug);
  return found;
}

/** Every store, by slug. */
export function listTenants(ctx: { db: Db }): Promise<Tenant[]> {
  return tenantsRepository.list(ctx.db);
}
