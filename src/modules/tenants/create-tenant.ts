import type { Db } from '#db/client.ts';
import { conflict, invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { assertValidPolicy } from './tenant-policy.ts';
import { tenantsRepository } from './tenants.repository.ts';
import type { Tenant } from './tenant.ts';

export interface CreateTenantInput {
  slug: string;
  name: string;
  tagline?: string;
  hosts?: string[];
  policy: unknown;
}

/** Registers a merchant. The slug becomes its path (`/s/<slug>`); hosts route whole domains to it. */
export async function createTenant(ctx: { db: Db; now(): Date }, input: CreateTenantInput): Promise<Tenant> {
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(input.slug)) {
    throw invalid(`store slug '${input.slug}' must be 2–40 lower-case letters, digits or dashes`);
  }
  assertValidPolicy(input.policy);
  if (await tenantsRepository.findBySlug(ctx.db, input.slug))
    throw conflict(`store '${input.slug}' already exists`);
  const row: Tenant = {
    id: newId('ten', ctx.now()),
    slug: input.slug,
    name: input.name,
    tagline: input.tagline ?? '',
    hosts: (input.hosts ?? []).map((h) => h.toLowerCase()),
    policy: input.policy,
    createdAt: ctx.now(),
  };
  await tenantsRepository.insert(ctx.db, row);
  return row;
}
