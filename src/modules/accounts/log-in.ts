import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '#platform/errors.ts';
import { accountsRepository } from './accounts.repository.ts';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, SESSION_DAYS, type AccountsCtx } from './accounts-ctx.ts';
import { ARGON2_OPTIONS } from './register-customer.ts';

/** The stored form of a session token. */
export const hashSessionToken = hashSecretToken;

// Verified when no account matches, so a wrong address takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

const WRONG = 'e-mail address or password is not right';

/** A log-in outcome. A refusal is returned, not thrown, so the failure count it wrote is committed. */
export type LogInResult =
  | { status: 'signed_in'; token: string; customerId: string; expiresAt: Date }
  | { status: 'refused'; error: AppError };

/**
 * Signs a member in and returns an opaque session token for the cookie. Wrong e-mail and wrong
 * password get the same answer; after 5 failures in a row the account locks for 15 minutes.
 * Callers throw a refusal's `error` after the transaction has committed.
 */
export async function logIn(
  ctx: AccountsCtx,
  input: { email: string; password: string },
): Promise<LogInResult> {
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email', input.email, 'email');
  const found = await accountsRepository.findByEmailIndex(ctx.db, emailIndex);
  if (!found) {
    dummyHash ??= hash('not a real password', ARGON2_OPTIONS);
    await verify(await dummyHash, input.password);
    return { status: 'refused', error: new AppError('unauthenticated', WRONG) };
  }
  if (found.lockedUntil && found.lockedUntil > ctx.now()) {
    throw new AppError(
      'rate_limited',
      `too many failed log-ins; try again after ${found.lockedUntil.toISOString().slice(11, 16)} UTC or reset your password`,
    );
  }
  if (!(await verify(found.passwordHash, input.password))) {
    await accountsRepository.recordFailedLogin(ctx.db, found.id, (failures) =>
      failures >= MAX_FAILED_LOGINS ? new Date(ctx.now().getTime() + LOCKOUT_MINUTES * 60_000) : null,
    );
    return { status: 'refused', error: new AppError('unauthenticated', WRONG) };
  }
  await accountsRepository.recordLogin(ctx.db, found.id, ctx.now());
  const token = newSecretToken();
  const expiresAt = new Date(ctx.now().getTime() + SESSION_DAYS * 86_400_000);
  await accountsRepository.insertSession(ctx.db, {
    tokenHash: hashSessionToken(token),
    customerId: found.id,
    createdAt: ctx.now(),
    expiresAt,
  });
  return { status: 'signed_in', token, customerId: found.id, expiresAt };
}

/** Ends a session; the token is useless afterwards. */
export async function logOut(ctx: AccountsCtx, token: string): Promise<void> {
  await accountsRepository.deleteSession(ctx.db, hashSessionToken(token));
}
