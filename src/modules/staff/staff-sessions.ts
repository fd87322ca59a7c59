import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Ctx, PlatformCtx } from '#platform/ctx.ts';
import type { Credentials, Identity } from '#platform/module.ts';
import { AppError, invalid } from '#platform/errors.ts';
import { STAFF_ROLES, type Actor, type StaffRole } from '#platform/actor.ts';
import { millisecondsOf } from '#platform/calendar.ts';
import { ARGON2_OPTIONS } from '#modules/accounts';
import { staffRepository, type StaffUserRow } from './staff.repository.ts';
import { enrolmentOf, hashRecoveryCode, matchingStep, newRecoveryCodes, newTotpSecret } from './totp.ts';
import { PASSWORD_MAX_AGE_DAYS, PASSWORD_WARN_DAYS } from './password-policy.ts';

/** argon2id with the members' parameters (OWASP: m = 19 MiB, t = 2, p = 1). */
export const STAFF_ARGON2 = ARGON2_OPTIONS;

/** Sessions end after this much inactivity … */
export const STAFF_IDLE_MINUTES = 15;
/** … and this long after log-in, whatever happens. */
export const STAFF_SESSION_HOURS = 12;
/** A password-checked session that may only finish MFA enrolment lasts this long. */
const ENROLMENT_MINUTES = 10;
/** Failed log-ins (password or code) before the account is locked, and for how long. */
export const STAFF_MAX_FAILURES = 5;
export const STAFF_LOCK_MINUTES = 15;

const WRONG = 'the e-mail, password or code is not right';

export const hashStaffToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => `stf_${randomBytes(32).toString('base64url')}`;

/**
 * Where a platform event about a staff user is also recorded: each store they work for, as them
 * with their role there (their stores' compliance sees it; AU-1).
 */
export async function inTheirStores(
  ctx: PlatformCtx,
  staffId: string,
): Promise<{ tenantId: string; actor: Actor }[]> {
  return (await staffRepository.membershipsOf(ctx.db, staffId)).map((m) => ({
    tenantId: m.tenantId,
    actor: { kind: 'staff', staffId, role: m.role as StaffRole },
  }));
}

let dummyHash: Promise<string> | undefined;

/** A signed-in session, with when the password must change (and a warning within 14 days of it). */
interface OpenedSession {
  sessionToken: string;
  staffId: string;
  passwordExpiresAt: Date;
  passwordChangeRequired: boolean;
  passwordExpiresInDays: number | undefined;
}

/** What a log-in answers: a session, or the enrolment a first log-in must finish. */
export type StaffLogIn =
  | OpenedSession
  | { mfaEnrolmentRequired: true; enrolmentToken: string; otpauthUri: string; qrSvg: string }
  /** Refused after the failure was counted: the caller commits, then throws `rejected`. */
  | { rejected: AppError };

export interface StaffLogInInput {
  email: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
  /** Where the log-in came from, when not the admin API (recorded in the audit event). */
  via?: 'back_office' | undefined;
}

const passwordExpiry = (user: StaffUserRow) =>
  new Date(user.passwordChangedAt.getTime() + millisecondsOf({ days: PASSWORD_MAX_AGE_DAYS }));

/**
 * Staff log-in (SEC-3): password, then the TOTP code (or one recovery code). A first log-in, with
 * no authenticator enrolled yet, answers an enrolment (QR code drawn here) instead of a session.
 * Wrong passwords and codes count towards a 15-minute lock after 5; the answer never says which
 * part was wrong, nor whether the address exists.
 */
export async function logInStaff(ctx: PlatformCtx, input: StaffLogInInput): Promise<StaffLogIn> {
  const now = ctx.now();
  const emailIndex = ctx.vault.platformBlindIndex('staff.user.email_index', input.email);
  const user = await staffRepository.userByEmailIndex(ctx.db, emailIndex);
  const passwordOk = user
    ? await verify(user.passwordHash, input.password)
    : await verify(await (dummyHash ??= hash('not a real password', STAFF_ARGON2)), input.password).then(
        () => false,
      );
  // Every failed log-in is audited (AU-1), so refusals are answered, not thrown, and committed.
  const refuse = async (reason: string, error: AppError) => {
    await ctx.audit.record(ctx, {
      action: 'login_failed',
      detail: user ? { staff: user.id, reason } : { reason },
      copyTo: user ? await inTheirStores(ctx, user.id) : undefined,
    });
    return { rejected: error };
  };
  if (!user) return refuse('unknown_address', new AppError('unauthenticated', WRONG));
  if (user.disabledAt) return refuse('disabled', new AppError('unauthenticated', WRONG));
  if (user.lockedUntil && user.lockedUntil > now)
    return refuse(
      'locked',
      new AppError(
        'rate_limited',
        `too many failed log-ins; try again after ${user.lockedUntil.toISOString().slice(11, 16)} UTC`,
      ),
    );
  const fail = async (reason: string) => {
    await staffRepository.countFailure(
      ctx.db,
      user.id,
      STAFF_MAX_FAILURES,
      new Date(now.getTime() + millisecondsOf({ minutes: STAFF_LOCK_MINUTES })),
    );
    return (await refuse(reason, new AppError('unauthenticated', WRONG))).rejected;
  };
  if (!passwordOk) return { rejected: await fail('password') };

  if (!user.totpEnrolledAt) {
    // First log-in: the password was right; the next step is enrolling an authenticator.
    let secret = user.totpSecret
      ? ctx.vault.openPlatformCredential('staff.user.totp_secret', user.id, user.totpSecret)
      : undefined;
    if (!secret) {
      secret = newTotpSecret();
      await staffRepository.updateUser(ctx.db, user.id, {
        totpSecret: ctx.vault.sealPlatform('staff.user', user.id, { totp_secret: secret }).totp_secret,
      });
    }
    const enrolmentToken = newToken();
    await staffRepository.insertSession(ctx.db, {
      tokenHash: hashStaffToken(enrolmentToken),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + millisecondsOf({ minutes: ENROLMENT_MINUTES })),
      mfaPending: true,
    });
    return { mfaEnrolmentRequired: true, enrolmentToken, ...enrolmentOf(secret, input.email.trim()) };
  }

  if (input.totp) {
    const secret = ctx.vault.openPlatformCredential('staff.user.totp_secret', user.id, user.totpSecret!);
    const step = matchingStep(secret, input.totp, now);
    if (step === undefined || (user.totpLastStep !== null && step <= user.totpLastStep))
      return { rejected: await fail('totp') };
    await staffRepository.updateUser(ctx.db, user.id, { totpLastStep: step });
  } else if (input.recoveryCode) {
    if (!(await staffRepository.useRecoveryCode(ctx.db, user.id, hashRecoveryCode(input.recoveryCode), now)))
      return { rejected: await fail('recovery_code') };
  } else {
    throw new AppError('unauthenticated', 'enter the 6-digit code from your authenticator app (totp)');
  }
  return openSession(ctx, user, input.via);
}

/**
 * Opens a full session and records the log-in (AU-1) in the platform's audit and, in the same
 * transaction, in each store the user works for, as them with their role there.
 */
async function openSession(
  ctx: PlatformCtx,
  user: StaffUserRow,
  via?: 'back_office',
  stores?: { tenantId: string; actor: Actor }[],
): Promise<OpenedSession> {
  const now = ctx.now();
  await staffRepository.updateUser(ctx.db, user.id, { failedLogins: 0, lockedUntil: null });
  const sessionToken = newToken();
  await staffRepository.insertSession(ctx.db, {
    tokenHash: hashStaffToken(sessionToken),
    userId: user.id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + millisecondsOf({ hours: STAFF_SESSION_HOURS })),
    mfaPending: false,
  });
  await ctx.audit.record(ctx, {
    action: 'login',
    detail: via ? { staff: user.id, via } : { staff: user.id },
    copyTo: stores ?? (await inTheirStores(ctx, user.id)),
  });
  const passwordExpiresAt = passwordExpiry(user);
  return {
    sessionToken,
    staffId: user.id,
    passwordExpiresAt,
    passwordChangeRequired: passwordExpiresAt <= now,
    passwordExpiresInDays: passwordWarningDays(passwordExpiresAt, now),
  };
}

/**
 * Finishes MFA enrolment: the code from the newly scanned authenticator proves it works. Answers
 * a full session and ten recovery codes (shown once, stored hashed).
 */
export async function finishEnrolment(
  ctx: PlatformCtx,
  enrolmentToken: string,
  code: string,
): Promise<{ sessionToken: string; recoveryCodes: string[] }> {
  const now = ctx.now();
  const live = await staffRepository.liveSession(
    ctx.db,
    hashStaffToken(enrolmentToken),
    now,
    new Date(now.getTime() - millisecondsOf({ minutes: ENROLMENT_MINUTES })),
  );
  if (!live || !live.session.mfaPending || !live.user.totpSecret)
    throw new AppError('unauthenticated', 'this enrolment has ended; log in again');
  const secret = ctx.vault.openPlatformCredential(
    'staff.user.totp_secret',
    live.user.id,
    live.user.totpSecret,
  );
  const step = matchingStep(secret, code, now);
  if (step === undefined)
    throw invalid('that code does not match; check the time on your phone and try again');
  const { codes, hashes } = newRecoveryCodes();
  await staffRepository.replaceRecoveryCodes(ctx.db, live.user.id, hashes);
  await staffRepository.updateUser(ctx.db, live.user.id, { totpEnrolledAt: now, totpLastStep: step });
  await staffRepository.endSession(ctx.db, live.session.tokenHash);
  const stores = await inTheirStores(ctx, live.user.id);
  await ctx.audit.record(ctx, { action: 'mfa_enrolled', detail: { staff: live.user.id }, copyTo: stores });
  // Enrolment ends in a signed-in session: a log-in, recorded like any other.
  const opened = await openSession(ctx, live.user, undefined, stores);
  return { sessionToken: opened.sessionToken, recoveryCodes: codes };
}

/** Ends the session a token names (log-out). */
export async function logOutStaff(ctx: PlatformCtx, token: string): Promise<void> {
  const live = await staffRepository.liveSession(ctx.db, hashStaffToken(token), ctx.now(), new Date(0));
  await staffRepository.endSession(ctx.db, hashStaffToken(token));
  if (live)
    await ctx.audit.record(ctx, {
      action: 'logout',
      detail: { staff: live.user.id },
      copyTo: await inTheirStores(ctx, live.user.id),
    });
}

/** The live, fully signed-in session of a token, with its user; undefined otherwise. */
export async function staffOfSession(ctx: Pick<Ctx, 'db' | 'now'>, token: string) {
  const now = ctx.now();
  const live = await staffRepository.liveSession(
    ctx.db,
    hashStaffToken(token),
    now,
    new Date(now.getTime() - millisecondsOf({ minutes: STAFF_IDLE_MINUTES })),
  );
  if (!live || live.session.mfaPending) return undefined;
  return { ...live, passwordExpired: passwordExpiry(live.user) <= now };
}

/**
 * The staff module's identity resolver: a live staff session with a role in the request's store
 * makes the actor that staff user with that role. Sessions end at once when the user is disabled
 * or their role changes (the rows are deleted), so the next request is refused.
 */
export async function identifyStaff(ctx: Ctx, credentials: Credentials): Promise<Identity> {
  if (!credentials.staffToken) return {};
  const live = await staffOfSession(ctx, credentials.staffToken);
  if (!live)
    return credentials.staffTokenFrom === 'bearer'
      ? { invalid: 'the staff session has ended or is unknown; log in again' }
      : {};
  if (live.passwordExpired)
    return { invalid: 'your password has expired; change it (PUT /api/admin/password) before going on' };
  const role = await staffRepository.roleIn(ctx.db, live.user.id, ctx.tenant.id);
  if (!role || !(STAFF_ROLES as readonly string[]).includes(role)) return {};
  return {
    actor: { kind: 'staff', staffId: live.user.id, role: role as StaffRole, session: live.session.tokenHash },
  };
}

/** How long before the password must change, for a warning (days), when within the warning window. */
export function passwordWarningDays(expiresAt: Date, now: Date): number | undefined {
  const days = Math.ceil((expiresAt.getTime() - now.getTime()) / millisecondsOf({ days: 1 }));
  return days <= PASSWORD_WARN_DAYS ? Math.max(days, 0) : undefined;
}

/**
 * The signed-in staff user of a session token and the stores they work for (the back office's
 * home page); undefined when the session has ended.
 */
export async function staffHome(
  ctx: PlatformCtx,
  token: string,
): Promise<{ staffId: string; memberships: { tenantId: string; role: StaffRole }[] } | undefined> {
  const live = await staffOfSession(ctx, token);
  if (!live) return undefined;
  const memberships = await staffRepository.membershipsOf(ctx.db, live.user.id);
  return {
    staffId: live.user.id,
    memberships: memberships.map((m) => ({ tenantId: m.tenantId, role: m.role as StaffRole })),
  };
}
