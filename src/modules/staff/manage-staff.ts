import { hash, verify } from '@node-rs/argon2';
import type { Ctx, PlatformCtx } from '#platform/ctx.ts';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { STAFF_ROLES, type StaffRole } from '#platform/actor.ts';
import { readPersonal } from '#modules/privacy';
import { staffRepository } from './staff.repository.ts';
import { assertStaffPassword, PASSWORD_HISTORY } from './password-policy.ts';
import { STAFF_ARGON2, inTheirStores, staffOfSession } from './staff-sessions.ts';

export interface NewStaff {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
  /** An already-enrolled TOTP secret (the demo staff only). */
  totpSecret?: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/**
 * Adds a staff user to the acting store with a role (owner), or gives an existing one a role here.
 * The password must meet the staff policy; MFA is enrolled at first log-in (SEC-3).
 */
export async function addStaff(ctx: Ctx, input: NewStaff): Promise<{ staffId: string; created: boolean }> {
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw invalid(`unknown role '${input.role}'`);
  const email = input.email.trim();
  if (!EMAIL.test(email)) throw invalid('enter a valid e-mail address', { fields: { email: 'invalid' } });
  const displayName = input.displayName.trim();
  if (displayName.length < 1 || displayName.length > 100)
    throw invalid('a name of 1–100 characters is needed');
  const index = ctx.vault.platformBlindIndex('staff.user.email_index', email);
  const existing = await staffRepository.userByEmailIndex(ctx.db, index);
  const now = ctx.now();
  if (existing) {
    if (await staffRepository.roleIn(ctx.db, existing.id, ctx.tenant.id))
      throw conflict('this person already works for this store; change their role instead');
    await staffRepository.setMembership(ctx.db, {
      userId: existing.id,
      tenantId: ctx.tenant.id,
      role: input.role,
      createdAt: now,
    });
    await ctx.audit.record(ctx, { action: 'role_changed', detail: { staff: existing.id, role: input.role } });
    return { staffId: existing.id, created: false };
  }
  assertStaffPassword(input.password, { email, displayName });
  const id = newId('stf', now);
  const passwordHash = await hash(input.password, STAFF_ARGON2);
  const sealed = ctx.vault.sealPlatform('staff.user', id, {
    email,
    display_name: displayName,
    totp_secret: input.totpSecret,
  });
  await staffRepository.insertUser(ctx.db, {
    id,
    email: sealed.email,
    emailIndex: index,
    displayName: sealed.display_name,
    passwordHash,
    passwordChangedAt: now,
    totpSecret: sealed.totp_secret,
    totpEnrolledAt: input.totpSecret ? now : null,
    createdAt: now,
  });
  await staffRepository.addPasswordHistory(ctx.db, id, passwordHash, now);
  await staffRepository.setMembership(ctx.db, {
    userId: id,
    tenantId: ctx.tenant.id,
    role: input.role,
    createdAt: now,
  });
  await ctx.audit.record(ctx, { action: 'staff_created', detail: { staff: id, role: input.role } });
  return { staffId: id, created: true };
}

async function assertWorksHere(ctx: Ctx, staffId: string): Promise<StaffRole> {
  const role = await staffRepository.roleIn(ctx.db, staffId, ctx.tenant.id);
  if (!role) throw notFound('staff user', staffId);
  return role as StaffRole;
}

/**
 * Changes a staff user's role in the acting store. Every live session of theirs ends at once
 * (SEC-4 emergency isolation): the next request must sign in again and gets the new role.
 */
export async function changeStaffRole(ctx: Ctx, staffId: string, role: StaffRole): Promise<void> {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw invalid(`unknown role '${role}'`);
  const before = await assertWorksHere(ctx, staffId);
  if (ctx.actor.kind === 'staff' && ctx.actor.staffId === staffId)
    throw invalid('you cannot change your own role; ask another owner');
  await staffRepository.setMembership(ctx.db, {
    userId: staffId,
    tenantId: ctx.tenant.id,
    role,
    createdAt: ctx.now(),
  });
  const ended = await staffRepository.endSessionsOf(ctx.db, staffId);
  await ctx.audit.record(ctx, {
    action: 'role_changed',
    detail: { staff: staffId, from: before, role, sessionsEnded: ended },
  });
}

/** Disables a staff user: no log-in, and every live session ends at once (SEC-4). */
export async function disableStaff(ctx: Ctx, staffId: string): Promise<void> {
  await assertWorksHere(ctx, staffId);
  if (ctx.actor.kind === 'staff' && ctx.actor.staffId === staffId)
    throw invalid('you cannot disable yourself');
  await staffRepository.updateUser(ctx.db, staffId, { disabledAt: ctx.now() });
  const ended = await staffRepository.endSessionsOf(ctx.db, staffId);
  await ctx.audit.record(ctx, { action: 'staff_disabled', detail: { staff: staffId, sessionsEnded: ended } });
}

/** Lets a disabled staff user sign in again (they start with no session). */
export async function enableStaff(ctx: Ctx, staffId: string): Promise<void> {
  await assertWorksHere(ctx, staffId);
  await staffRepository.updateUser(ctx.db, staffId, { disabledAt: null, failedLogins: 0, lockedUntil: null });
  await ctx.audit.record(ctx, { action: 'staff_enabled', detail: { staff: staffId } });
}

/**
 * The store's staff as the owner and compliance see them (AC-1, SEC-3): ids, roles, states, and
 * the name and e-mail through the read path — the e-mail masked, as the inventory says; every
 * shown value audited.
 */
export async function listStaff(ctx: Ctx) {
  const rows = await staffRepository.staffOfTenant(ctx.db, ctx.tenant.id);
  const out = [];
  for (const r of rows) {
    const personal = await readPersonal(
      ctx,
      {
        table: 'staff.user',
        rowId: r.id,
        subjectId: r.id,
        values: { email: r.email, display_name: r.displayName },
      },
      'security',
    );
    out.push({
      id: r.id,
      role: r.role as StaffRole,
      email: personal.email,
      displayName: personal.display_name,
      mfaEnrolled: r.totpEnrolledAt !== null,
      disabled: r.disabledAt !== null,
      locked: r.lockedUntil !== null && r.lockedUntil > ctx.now(),
      createdAt: r.createdAt,
    });
  }
  return out;
}

/**
 * Changes the signed-in staff user's password: the current one proves it is them; the new one
 * meets the policy and is none of the last 10. Every other session ends.
 */
export async function changeStaffPassword(
  ctx: PlatformCtx,
  token: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const live = await staffOfSession(ctx, token);
  if (!live) throw invalid('log in again first');
  if (!(await verify(live.user.passwordHash, input.currentPassword)))
    throw invalid('the current password is not right', { fields: { currentPassword: 'wrong' } });
  const self = { subjectId: live.user.id };
  assertStaffPassword(input.newPassword, {
    email: ctx.vault.openPlatformOwn('staff.user.email', live.user.id, live.user.email, self) ?? '',
    displayName:
      ctx.vault.openPlatformOwn('staff.user.display_name', live.user.id, live.user.displayName, self) ?? '',
  });
  for (const earlier of await staffRepository.recentPasswordHashes(ctx.db, live.user.id, PASSWORD_HISTORY))
    if (await verify(earlier, input.newPassword))
      throw invalid('choose a password you have not used before (the last 10 are remembered)', {
        fields: { newPassword: 'used before' },
      });
  const now = ctx.now();
  const passwordHash = await hash(input.newPassword, STAFF_ARGON2);
  await staffRepository.updateUser(ctx.db, live.user.id, { passwordHash, passwordChangedAt: now });
  await staffRepository.addPasswordHistory(ctx.db, live.user.id, passwordHash, now);
  await staffRepository.endSessionsOf(ctx.db, live.user.id);
  await ctx.audit.record(ctx, {
    action: 'password_changed',
    detail: { staff: live.user.id },
    copyTo: await inTheirStores(ctx, live.user.id),
  });
}
