import { Type } from 'typebox';

/**
 * How the JSON API names a signed-in member (and /api/admin a staff user): `Authorization:
 * Bearer <session token>`, the opaque token a log-in returns. A header, never a URL, so it does not
 * end up in logs or browser histories. The runtime turns it into `ctx.actor`.
 */
export const BearerHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ pattern: '^Bearer [A-Za-z0-9_-]{16,128}$', maxLength: 140 })),
});
