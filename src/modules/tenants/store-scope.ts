import type { FastifyRequest } from 'fastify';
import type { Database } from '#db/client.ts';
import type { Clock } from '#platform/clock.ts';
import type { Actor } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import type { TenantDirectory } from './tenant-directory.ts';
import type { TenantCtx } from './tenant.ts';
import type { Logger } from '#platform/logger.ts';

/** Marks a request that reached its store through a configured host name rather than `/s/<slug>`. */
export const HOST_ROUTED = Symbol('pledge.hostRouted');

/**
 * Runs a use case for the store a request names, inside one transaction scoped to that tenant by
 * row-level security. Every route that touches tenant data goes through this.
 */
export type InStore = <T>(
  request: FastifyRequest,
  slug: string,
  fn: (ctx: TenantCtx) => Promise<T>,
  actor?: Actor,
) => Promise<T>;

/** Builds the `InStore` runner for an open database and tenant directory. */
export function makeInStore(database: Database, directory: TenantDirectory, clock: Clock): InStore {
  return (request, slug, fn, actor = { kind: 'anonymous' }) => {
    const tenant = directory.bySlugOrUndefined(slug);
    if (!tenant) throw notFound('store', slug);
    return database.withTenant(tenant.id, (db) =>
      fn({
        db,
        tenant,
        storeUrl: directory.publicUrlOf(tenant),
        now: () => clock.now(),
        log: request.log as Logger,
        actor,
        requestId: request.id,
      }),
    );
  };
}

/** The URL prefix links on a page should use: empty on a store's own host name, `/s/<slug>` otherwise. */
export function basePathOf(request: FastifyRequest, slug: string): string {
  return (request.raw as unknown as Record<symbol, boolean>)[HOST_ROUTED] ? '' : `/s/${slug}`;
}
