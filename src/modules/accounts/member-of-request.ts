import { Type } from 'typebox';
import { AppError } from '#platform/errors.ts';
import type { TenantCtx } from '#modules/tenants';
import { customerOfSession } from './current-customer.ts';

/**
 * How the JSON API names a signed-in member: `Authorization: Bearer <session token>`, the same
 * opaque token a log-in returns (and the storefront keeps in its HttpOnly cookie). A header, never
 * a URL, so it does not end up in logs or browser histories.
 */
export const BearerHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ pattern: '^Bearer [A-Za-z0-9_-]{16,128}$', maxLength: 140 })),
});

/** The session token of an `Authorization: Bearer …` header, or undefined when there is none. */
export function bearerToken(headers: Record<string, unknown>): string | undefined {
  const value = headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}

/**
 * The member a request's bearer token belongs to, or undefined when the request sends none. An
 * unknown or expired token is an error (401), not an anonymous request: a client that thinks it
 * is signed in must hear that it is not, rather than silently get a guest cart.
 */
export async function memberOfRequest(
  ctx: TenantCtx,
  headers: Record<string, unknown>,
): Promise<string | undefined> {
  const token = bearerToken(headers);
  if (token === undefined) return undefined;
  const session = await customerOfSession(ctx, token);
  if (!session) throw new AppError('unauthenticated', 'the session has ended or is unknown; log in again');
  return session.customerId;
}

/** Like `memberOfRequest`, for routes only a member may use. */
export async function requireMember(ctx: TenantCtx, headers: Record<string, unknown>): Promise<string> {
  const customerId = await memberOfRequest(ctx, headers);
  if (!customerId)
    throw new AppError('unauthenticated', 'log in first and send Authorization: Bearer <session token>');
  return customerId;
}
