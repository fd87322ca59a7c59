import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { basePathOf, type TenantCtx } from '#modules/tenants';
import { customerOfSession } from '#modules/accounts';
import { listCategories } from '#modules/catalog';
import type { PageFrame } from './components.tsx';

/** The signed-in member's cookie: an opaque token; only its hash is stored. */
export const SESSION_COOKIE = 'pledge_session';
/** The anonymous cart's cookie: an opaque token whose hash finds the cart. Set only when a cart is created. */
export const CART_COOKIE = 'pledge_cart';

/** A slug as it appears in storefront URLs (store, category, product). */
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
/** Route params of every `/s/:store/…` page. */
export const StoreParams = Type.Object({ store: Slug });

/** Cookie path of a store: its own host's root, or `/s/<slug>` when reached by path. */
export function cookiePath(request: FastifyRequest, slug: string): string {
  return basePathOf(request, slug) || '/';
}

/** What every storefront page needs to draw its frame (header, sidebar, links). */
export async function pageFrame(ctx: TenantCtx, request: FastifyRequest, query?: string): Promise<PageFrame> {
  return {
    tenant: ctx.tenant,
    base: basePathOf(request, ctx.tenant.slug),
    categories: await listCategories(ctx),
    ...(query !== undefined ? { query } : {}),
  };
}

/** The member signed in on this request (by session cookie), or undefined. */
export async function signedInCustomerId(
  ctx: TenantCtx,
  request: FastifyRequest,
): Promise<string | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  return token ? (await customerOfSession(ctx, token))?.customerId : undefined;
}
