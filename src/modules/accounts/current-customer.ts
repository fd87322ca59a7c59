import type { Ctx } from '#platform/ctx.ts';
import { readPersonal, type Purpose } from '#modules/privacy';
import { accountsRepository } from './accounts.repository.ts';
import { hashSessionToken } from './log-in.ts';

/** The signed-in member of a session token, or undefined when the token is unknown or expired. */
export async function customerOfSession(
  ctx: Ctx,
  token: string,
): Promise<{ customerId: string } | undefined> {
  return accountsRepository.findLiveSession(ctx.db, hashSessionToken(token), ctx.now());
}

/** A member's nickname and e-mail address, as `ctx.actor` may see them (undefined when erased). */
export async function readProfile(
  ctx: Ctx,
  customerId: string,
  purpose: Purpose,
): Promise<{ nickname: string | null | undefined; email: string | null | undefined } | undefined> {
  const row = await accountsRepository.findById(ctx.db, customerId);
  if (!row) return undefined;
  return readPersonal(
    ctx,
    {
      table: 'accounts.customer',
      rowId: row.id,
      subjectId: row.id,
      values: { nickname: row.nickname, email: row.email },
    },
    purpose,
  );
}

/** The acting member's own profile (the subject reading their own data), or undefined. */
export async function readOwnProfile(ctx: Ctx): Promise<{ nickname: string; email: string } | undefined> {
  if (ctx.actor.kind !== 'member') return undefined;
  const profile = await readProfile(ctx, ctx.actor.customerId, 'login');
  if (!profile?.nickname || !profile.email) return undefined; // erased (crypto-shredded)
  return { nickname: profile.nickname, email: profile.email };
}

/**
 * The member an exact e-mail address belongs to (compliance placing a legal hold), found through
 * the blind index: nothing is decrypted. Undefined when no member has it.
 */
export async function memberByEmail(ctx: Ctx, email: string): Promise<string | undefined> {
  const index = await ctx.vault.blindIndex(ctx, 'accounts.customer.email_index', email, 'email');
  return (await accountsRepository.findByEmailIndex(ctx.db, index))?.id;
}
