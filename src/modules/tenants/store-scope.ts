import type { FastifyRequest } from 'fastify';

/** Marks a request that reached its store through a configured host name rather than `/s/<slug>`. */
export const HOST_ROUTED = Symbol('pledge.hostRouted');

/** The URL prefix links on a page should use: empty on a store's own host name, `/s/<slug>` otherwise. */
export function basePathOf(request: FastifyRequest, slug: string): string {
  return (request.raw as unknown as Record<symbol, boolean>)[HOST_ROUTED] ? '' : `/s/${slug}`;
}
