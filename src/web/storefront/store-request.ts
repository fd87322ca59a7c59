import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '#platform/ctx.ts';
import { basePathOf } from '#modules/tenants';
import { listCategories } from '#modules/catalog';
import { cartUnits } from '#modules/cart';
import type { PageFrame } from './components.tsx';

export { SESSION_COOKIE, CART_COOKIE, ORDER_ACCESS_COOKIE } from '#platform/http/credentials.ts';

/** A slug as it appears in storefront URLs (store, category, product). */
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
/** Route params of every `/s/:store/…` page. */
export const StoreParams = Type.Object({ store: Slug });

/** Cookie path of a store: its own host's root, or `/s/<slug>` when reached by path. */
export function cookiePath(request: FastifyRequest, slug: string): string {
  return basePathOf(request, slug) || '/';
}

/** What every storefront page needs to draw its frame (header, sidebar, links). */
function sharedPage(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { auth?: unknown } | undefined)?.auth === 'none';
}

export async function pageFrame(ctx: Ctx, request: FastifyRequest, query?: string): Promise<PageFrame> {
  return {
    tenant: ctx.tenant,
    now: ctx.now(),
    base: basePathOf(request, ctx.tenant.slug),
    categories: await listCategories(ctx),
    // Pages open to everyone (auth 'none') are rendered once for all visitors (micro-cache): they
    // carry no visitor's state, so their header shows no cart count.
    cartUnits: sharedPage(request) ? 0 : await cartUnits(ctx),
    ...(query !== undefined ? { query } : {}),
  };
}
