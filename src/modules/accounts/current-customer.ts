import type { TenantCtx } from '#modules/tenants';
import { accountsRepository } from './accounts.repository.ts';
import type { AccountsCtx } from './accounts-ctx.ts';
import { hashSessionToken } from './log-in.ts';

/** The signed-in member of a session token, or undefined when the token is unknown or expired. */
export async function customerOfSession(
  ctx: TenantCtx,
  token: string,
): Promise<{ customerId: string } | undefined> {
  return accountsRepository.findLiveSession(ctx.db, hashSessionToken(token), ctx.now());
}

/** A member's own profile, decrypted for the member (the subject reading their own data). */
export async function readOwnProfile(
  ctx: AccountsCtx,
  customerId: string,
): Promise<{ nickname: string; email: string } | undefined> {
  const row = await accountsRepository.findById(ctx.db, customerId);
  if (!row) return undefined;
  const field = (column: string) => ({ table: 'accounts.customer', column, rowId: row.id });
  const [nickname, email] = await Promise.all([
    ctx.vault.open(ctx, row.nickname, field('nickname')),
    ctx.vault.open(ctx, row.email, field('email')),
  ]);
  if (nickname === null || email === null) return undefined; // shredded
  return { nickname, email };
}
