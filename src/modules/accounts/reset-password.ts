import { hash } from '@node-rs/argon2';
import { queueEmail } from '#modules/notifications';
import { invalid } from '#platform/errors.ts';
import { hashSecretToken as hashToken, newSecretToken } from '#platform/tokens.ts';
import { accountsRepository } from './accounts.repository.ts';
import type { AccountsCtx } from './accounts-ctx.ts';
import { ARGON2_OPTIONS, assertPasswordRules } from './register-customer.ts';
import { readOwnProfile } from './current-customer.ts';

/** How long a reset link works. */
export const RESET_MINUTES = 60;

/**
 * Sends a one-time reset link when an account has this e-mail address. The caller answers the
 * same whether or not one exists, so the form cannot be used to find out who shops here.
 */
export async function requestPasswordReset(
  ctx: AccountsCtx,
  input: { email: string; linkBase: string },
): Promise<void> {
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email', input.email, 'email');
  const found = await accountsRepository.findByEmailIndex(ctx.db, emailIndex);
  if (!found) return;
  const profile = await readOwnProfile(ctx, found.id);
  if (!profile) return; // shredded
  const token = newSecretToken();
  await accountsRepository.insertReset(ctx.db, {
    tokenHash: hashToken(token),
    customerId: found.id,
    createdAt: ctx.now(),
    expiresAt: new Date(ctx.now().getTime() + RESET_MINUTES * 60_000),
  });
  await queueEmail(ctx, {
    subjectId: found.id,
    template: 'password_reset',
    recipient: profile.email,
    body: `Hello ${profile.nickname},\n\nto choose a new password for ${ctx.tenant.name}, open this link within ${RESET_MINUTES} minutes:\n${input.linkBase}/account/reset?token=${token}\n\nIt works once. If you did not ask for it, ignore this e-mail; your password stays as it is.`,
  });
}

/** Sets a new password with a reset token; the token is spent, and every session of the member ends. */
export async function resetPassword(
  ctx: AccountsCtx,
  input: { token: string; password: string },
): Promise<{ customerId: string }> {
  assertPasswordRules(input.password);
  const customerId = await accountsRepository.consumeReset(ctx.db, hashToken(input.token), ctx.now());
  if (!customerId)
    throw invalid('this reset link is not valid any more (it works once, for 60 minutes); ask for a new one');
  await accountsRepository.setPassword(ctx.db, customerId, await hash(input.password, ARGON2_OPTIONS));
  await accountsRepository.deleteSessionsOf(ctx.db, customerId);
  return { customerId };
}
