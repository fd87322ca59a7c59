import { hash } from '@node-rs/argon2';
import { queueEmail } from '#modules/notifications';
import { invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { accountsRepository } from './accounts.repository.ts';
import type { Ctx } from '#platform/ctx.ts';
import { systemActor } from '#platform/actor.ts';
import { readPersonal } from '#modules/privacy';
import { createCustomer } from './create-customer.ts';
import { readProfile } from './current-customer.ts';
import { ARGON2_OPTIONS, assertPasswordRules } from './password-rules.ts';

/** What a visitor types to register. */
export interface RegisterInput {
  nickname: string;
  email: string;
  password: string;
}

/** How long a confirmation link works. */
export const CONFIRM_HOURS = 24;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a registration's form (the same for every address, so it may answer at once) and returns
 * it tidied. Throws `invalid` naming the problem, never repeating what was typed.
 */
export function checkRegistration(input: RegisterInput): RegisterInput {
  const nickname = input.nickname.trim();
  const email = input.email.trim();
  if (nickname.length < 1 || nickname.length > 40) throw invalid('nickname must be 1–40 characters');
  if (!EMAIL.test(email) || email.length > 254) throw invalid('email must be a valid e-mail address');
  assertPasswordRules(input.password, email);
  return { nickname, email, password: input.password };
}

/**
 * Registers a visitor (SF-7) without telling anyone whether the address already has an account:
 * a new address gets a confirmation link (the account exists once it is used); an address that
 * already has an account gets an e-mail saying so, with links to log in or reset the password.
 * Callers answer "check your e-mail" in both cases, before this runs (`BackgroundWork`), so the
 * answer's timing does not depend on it either.
 */
export async function registerCustomer(ctx: Ctx, input: RegisterInput): Promise<void> {
  const { nickname, email, password } = checkRegistration(input);
  const passwordHash = await hash(password, ARGON2_OPTIONS);
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email_index', email, 'email');
  const existing = await accountsRepository.findByEmailIndex(ctx.db, emailIndex);
  if (existing) {
    const profile = await readProfile(ctx, existing.id, 'transactional_email');
    if (!profile?.email) return; // erased
    await queueEmail(ctx, {
      subjectId: existing.id,
      template: 'account_exists',
      recipient: profile.email,
      body: [
        `Hello ${profile.nickname},`,
        '',
        `someone, perhaps you, tried to create an account at ${ctx.tenant.name} with this e-mail address.`,
        'You already have one, so nothing was changed.',
        '',
        `Log in: ${ctx.storeUrl}/account/login`,
        `Forgot your password? ${ctx.storeUrl}/account/forgot`,
        '',
        'If it was not you, you can ignore this e-mail.',
      ].join('\n'),
    });
    return;
  }
  const id = newId('cus', ctx.now());
  await ctx.vault.newSubject(ctx, id);
  const sealed = await ctx.vault.seal(ctx, id, 'accounts.pending_registration', id, { email, nickname });
  const token = newSecretToken();
  await accountsRepository.insertPending(ctx.db, {
    id,
    tokenHash: hashSecretToken(token),
    email: sealed.email,
    emailIndex,
    nickname: sealed.nickname,
    passwordHash,
    createdAt: ctx.now(),
    expiresAt: ctx.calendar.after({ hours: CONFIRM_HOURS }),
  });
  await queueEmail(ctx, {
    subjectId: id,
    template: 'confirm_registration',
    recipient: email,
    body: [
      `Hello ${nickname},`,
      '',
      `to finish creating your account at ${ctx.tenant.name}, open this link within ${CONFIRM_HOURS} hours:`,
      `${ctx.storeUrl}/account/confirm?token=${token}`,
      '',
      'If you did not ask for an account, ignore this e-mail: nothing is kept and the link expires.',
    ].join('\n'),
  });
}

/** The outcome of a confirmation link: a new account, or an address that got one meanwhile. */
export type Confirmation = { status: 'created'; customerId: string } | { status: 'exists' };

/**
 * Turns a registration into an account with the token from its confirmation link (it works once,
 * for a day). Throws `invalid` when the link is unknown, used or expired. When the address got an
 * account meanwhile, the registration is discarded (its key destroyed) and `exists` returned.
 */
export async function confirmRegistration(ctx: Ctx, token: string): Promise<Confirmation> {
  const pending = await accountsRepository.takePending(ctx.db, hashSecretToken(token), ctx.now());
  if (!pending)
    throw invalid(
      `this confirmation link is not valid any more (it works once, for ${CONFIRM_HOURS} hours); register again`,
    );
  // The link's holder proved the mailbox is theirs; the registration is opened by the system on
  // their behalf (audited as such), to become the account.
  const opened = await readPersonal(
    { ...ctx, actor: systemActor('accounts.confirm-registration') },
    {
      table: 'accounts.pending_registration',
      rowId: pending.id,
      subjectId: pending.id,
      values: { email: pending.email, nickname: pending.nickname },
    },
    'registration',
  );
  if (!opened.email || !opened.nickname) throw invalid('this registration was withdrawn; register again');
  if (pending.emailIndex && (await accountsRepository.findByEmailIndex(ctx.db, pending.emailIndex))) {
    await ctx.vault.shredSubject(ctx, pending.id);
    return { status: 'exists' };
  }
  const { customerId } = await createCustomer(ctx, {
    id: pending.id,
    email: opened.email,
    nickname: opened.nickname,
    password: { hash: pending.passwordHash },
  });
  return { status: 'created', customerId };
}
