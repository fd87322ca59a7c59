import type { FastifyRequest } from 'fastify';
import type { Credentials } from '../module.ts';

/** The signed-in member's cookie: an opaque token; only its hash is stored. */
export const SESSION_COOKIE = 'pledge_session';
/** The anonymous cart's cookie: an opaque token whose hash finds the cart. Set only when a cart is created. */
export const CART_COOKIE = 'pledge_cart';
/** Lets a browser reopen the guest order it just placed or looked up; holds a random token. */
export const ORDER_ACCESS_COOKIE = 'pledge_order';
/** A staff user's session cookie on the back office (/admin). */
export const STAFF_COOKIE = 'pledge_staff';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The credentials a request presents, read in one place: cookies for the pages, headers for the
 * API (`Authorization: Bearer` is a member's session on the shopper API and a staff session on
 * /api/admin). Secrets travel in cookies and headers only, never in URLs. Nothing is checked
 * here; the modules' identity resolvers do that inside the tenant transaction.
 */
export function credentialsOf(request: FastifyRequest): { credentials: Credentials; cartToken?: string } {
  const bearer = BEARER.exec(header(request, 'authorization') ?? '')?.[1];
  const admin = request.url.startsWith('/api/admin/') || request.url.startsWith('/admin');
  const cookies = request.cookies ?? {};
  const credentials: Credentials = {
    memberToken: admin ? undefined : (bearer ?? cookies[SESSION_COOKIE]),
    memberTokenFrom: admin ? undefined : bearer ? 'bearer' : cookies[SESSION_COOKIE] ? 'cookie' : undefined,
    staffToken: admin ? (bearer ?? cookies[STAFF_COOKIE]) : undefined,
    staffTokenFrom: admin ? (bearer ? 'bearer' : cookies[STAFF_COOKIE] ? 'cookie' : undefined) : undefined,
    orderAccessToken: header(request, 'x-order-access') ?? cookies[ORDER_ACCESS_COOKIE],
  };
  return { credentials, cartToken: header(request, 'x-cart-token') ?? cookies[CART_COOKIE] };
}
