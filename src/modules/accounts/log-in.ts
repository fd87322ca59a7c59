import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '#platform/errors.ts';
import { blockedUntil, clearFailures, recordFailure, type ThrottleRule } from '#modules/throttle';
import { accountsRepository } from './accounts.repository.ts';
import type { Ctx } from '#platform/ctx.ts';
import { SESSION_DAYS } from './account-rules.ts';
import { ARGON2_OPTIONS } from './password-rules.ts';

/** The stored form of a session token. */
export const hashSessionToken = hashSecretToken;

/**
 * Failed log-ins per e-mail address and client address: 5 within 15 minutes block that pair for
 * 15 minutes. Keyed on the address typed, whether or not it has an account, so a block says
 * nothing about who shops here; keyed on the client too, so nobody can lock a member out from
 * elsewhere. A password reset lifts every block of the account.
 */
export const LOG_IN_THROTTLE: ThrottleRule = {
  name: 'log_in',
  maxFailures: 5,
  windowMinutes: 15,
  blockMinutes: 15,
};

// Verified when no account matches, so a wrong address takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

const WRONG = 'e-mail address or password is not right';
const UNAVAILABLE =
  'this account cannot be used at the moment; please contact the store (its address is on the privacy page)';

const blocked = (until: Date) =>
  new AppError(
    'rate_limited',
    `too many failed log-ins; try again after ${until.toISOString().slice(11, 16)} UTC or reset your password`,
  );

/** A log-in outcome. A refusal is returned, not thrown, so the failure count it wrote is committed. */
export type LogInResult =
  | { status: 'signed_in'; token: string; customerId: string; expiresAt: Date }
  | { status: 'refused'; error: AppError };

/** Starts a session for a member and returns its opaque token (only the hash is stored). */
export async function startSession(
  ctx: Ctx,
  customerId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecretToken();
  const expiresAt = ctx.calendar.after({ days: SESSION_DAYS });
  await accountsRepository.insertSession(ctx.db, {
    tokenHash: hashSessionToken(token),
    customerId,
    createdAt: ctx.now(),
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * Signs a member in and returns an opaque session token for the cookie. Wrong e-mail and wrong
 * password get the same answer, and so does a blocked pair (`LOG_IN_THROTTLE`, keyed on the
 * request's client address). Callers throw a refusal's `error` after the transaction has committed.
 */
export async function logIn(ctx: Ctx, input: { email: string; password: string }): Promise<LogInResult> {
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email_index', input.email, 'email');
  const key = { scope: emailIndex, source: ctx.request?.source ?? '' };
  const until = await blockedUntil(ctx, LOG_IN_THROTTLE, key);
  if (until) return { status: 'refused', error: blocked(until) };
  const found = await accountsRepository.findByEmailIndex(ctx.db, emailIndex);
  const passwordOk = found
    ? await verify(found.passwordHash, input.password)
    : await verify(await (dummyHash ??= hash('not a real password', ARGON2_OPTIONS)), input.password).then(
        () => false,
      );
  if (!found || !passwordOk) {
    await recordFailure(ctx, LOG_IN_THROTTLE, key);
    // A wrong password for an existing account is audited (pseudonym only): the detectors count
    // them across accounts (credential stuffing) and watch canary accounts (IR-3).
    if (found) await ctx.audit.record(ctx, { action: 'login_failed', subjectId: found.id });
    return { status: 'refused', error: new AppError('unauthenticated', WRONG) };
  }
  await clearFailures(ctx, LOG_IN_THROTTLE, key);
  // A legal hold (RT-5) keeps the account sealed apart: it cannot be used until the hold ends.
  const lock = await ctx.vault.lockOf(ctx, found.id);
  if (lock === 'legal_hold') return { status: 'refused', error: new AppError('forbidden', UNAVAILABLE) };
  // An account locked for inactivity (RT-4) is its owner's again the moment they sign in.
  if (lock === 'inactive') {
    const keys = await ctx.vault.unlockSubject(ctx, found.id, 'inactive');
    await ctx.audit.record(ctx, {
      action: 'unlock',
      subjectId: found.id,
      detail: { rule: 'inactive_accounts', keys },
    });
  }
  await accountsRepository.recordLogin(ctx.db, found.id, ctx.now());
  await ctx.audit.record(ctx, { action: 'login', subjectId: found.id });
  const session = await startSession(ctx, found.id);
  return { status: 'signed_in', customerId: found.id, ...session };
}

/** Ends the acting member's session (the one the request came with); its token is useless afterwards. */
export async function logOut(ctx: Ctx): Promise<void> {
  if (ctx.actor.kind === 'member' && ctx.actor.session)
    await accountsRepository.deleteSession(ctx.db, ctx.actor.session);
}
