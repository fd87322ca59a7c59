import type { Ctx } from '#platform/ctx.ts';
import type { Credentials, Identity } from '#platform/module.ts';
import { customerOfSession } from './current-customer.ts';
import { hashSessionToken } from './log-in.ts';

/**
 * The accounts module's identity resolver: a live member session makes the request's actor that
 * member. An unknown or expired bearer token is refused (a client that thinks it is signed in must
 * hear that it is not); an unknown cookie just means the visitor is signed out.
 */
export async function identifyMember(ctx: Ctx, credentials: Credentials): Promise<Identity> {
  if (!credentials.memberToken) return {};
  const session = await customerOfSession(ctx, credentials.memberToken);
  if (session)
    return {
      actor: {
        kind: 'member',
        customerId: session.customerId,
        session: hashSessionToken(credentials.memberToken),
      },
    };
  return credentials.memberTokenFrom === 'bearer'
    ? { invalid: 'the session has ended or is unknown; log in again' }
    : {};
}
