import { verify } from '@node-rs/argon2';
import type { Ctx } from '#platform/ctx.ts';
import { AppError, forbidden } from '#platform/errors.ts';
import { accountsRepository } from './accounts.repository.ts';

/**
 * Checks the acting member's password before an act that cannot be undone (cancelling the
 * account, deleting the history): a stolen session alone must not be enough. Throws
 * `unauthenticated` when it is wrong; the route's per-client rate limit slows guessing.
 */
export async function confirmOwnPassword(ctx: Ctx, password: string): Promise<string> {
  if (ctx.actor.kind !== 'member') throw forbidden('only a signed-in member can confirm with a password');
  const row = await accountsRepository.findById(ctx.db, ctx.actor.customerId);
  if (!row || !(await verify(row.passwordHash, password)))
    throw new AppError('unauthenticated', 'the password is not right');
  return row.id;
}
