import { hash } from '@node-rs/argon2';
import { queueEmail } from '#modules/notifications';
import { invalid } from '#platform/errors.ts';
import { hashSecretToken as hashToken, newSecretToken } from '#platform/tokens.ts';
import { accountsRepository } from './accounts.repository.ts';
import type { Ctx } from '#platform/ctx.ts';
import { ARGON2_OPTIONS, assertPasswordRules } from './password-rules.ts';
import { clearScope } from '#modules/throttle';
import { LOG_IN_THROTTLE } from './log-in.ts';
import { readProfile } from './current-customer.ts';

/** How long a reset link works. */
export const RESET_MINUTES = 60;

/**
 * Sends a one-time reset link when an account has this e-mail address. The caller answers the
 * same whether or not one exists, so the form cannot be used to find out who shops here.
 */
export async function requestPasswordReset(ctx: Ctx, input: { email: string }): Promise<void> {
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email_index', input.email, 'email');
  const found = await accountsRepository.findByEmailIndex(ctx.db, emailIndex);
  if (!found) return;
  const profile = await readProfile(ctx, found.id, 'password_reset');
  if (!profile?.email) return; // erased
  const token = newSecretToken();
  // Only the newest link works: asking again voids every earlier one.
  await accountsRepository.voidResetsOf(ctx.db, found.id, ctx.now());
  await accountsRepository.insertReset(ctx.db, {
    tokenHash: hashToken(token),
    customerId: found.id,
    createdAt: ctx.now(),
    expiresAt: ctx.calendar.after({ minutes: RESET_MINUTES }),
  });
  await queueEmail(ctx, {
    subjectId: found.id,
    template: 'password_reset',
    recipient: profile.email,
    body: `Hello ${profile.nickname},\n\nto choose a new password for ${ctx.tenant.name}, open this link within ${RESET_MINUTES} minutes:\n${ctx.storeUrl}/account/reset?token=${token}\n\nIt works once. If you did not ask for it, ignore this e-mail; your password stays as it is.`,
  });
}

/**
 * Sets a new password with a reset token; the token is spent, every other outstanding link of the
 * member is voided, and every session of the member ends.
 */
export async function resetPassword(
  ctx: Ctx,
  input: { token: string; password: string },
): Promise<{ customerId: string }> {
  assertPasswordRules(input.password);
  const customerId = await accountsRepository.consumeReset(ctx.db, hashToken(input.token), ctx.now());
  if (!customerId)
    throw invalid('this reset link is not valid any more (it works once, for 60 minutes); ask for a new one');
  await accountsRepository.setPassword(ctx.db, customerId, await hash(input.password, ARGON2_OPTIONS));
  // The owner proved control of the mailbox: lift every log-in block of the account.
  const account = await accountsRepository.findById(ctx.db, customerId);
  if (account) await clearScope(ctx, LOG_IN_THROTTLE, account.emailIndex);
  await accountsRepository.deleteSessionsOf(ctx.db, customerId);
  // Any other link still in a mailbox must not reset the new password again.
  await accountsRepository.voidResetsOf(ctx.db, customerId, ctx.now());
  return { customerId };
}
