import type { Ctx } from '#platform/ctx.ts';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { queueEmail } from '#modules/notifications';
import { readPersonal } from '#modules/privacy';
import { accountsRepository } from './accounts.repository.ts';
import { actingMemberId } from './account-rules.ts';
import { confirmOwnPassword } from './confirm-password.ts';
import { readOwnProfile } from './current-customer.ts';
import { CONFIRM_HOURS } from './register-customer.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Changes the member's nickname (DR-1), sealed under their key; audited by field name. */
export async function changeNickname(ctx: Ctx, typed: string): Promise<string> {
  const id = actingMemberId(ctx);
  const nickname = typed.trim();
  if (nickname.length < 1 || nickname.length > 40) throw invalid('nickname must be 1–40 characters');
  const sealed = await ctx.vault.seal(ctx, id, 'accounts.customer', id, { nickname });
  await accountsRepository.setNickname(ctx.db, id, sealed.nickname!);
  await ctx.audit.record(ctx, {
    action: 'change',
    subjectId: id,
    table: 'accounts.customer',
    fields: ['nickname'],
  });
  return nickname;
}

/**
 * Starts a change of the member's e-mail address (DR-1), confirmed with their password: a link
 * goes to the new address, and the old address is told a change was asked for. Nothing changes
 * until the link is used (re-verification), so a mistyped address locks nobody out.
 */
export async function requestEmailChange(
  ctx: Ctx,
  input: { email: string; password: string },
): Promise<void> {
  const id = actingMemberId(ctx);
  await confirmOwnPassword(ctx, input.password);
  const email = input.email.trim();
  if (!EMAIL.test(email) || email.length > 254) throw invalid('email must be a valid e-mail address');
  const current = await readOwnProfile(ctx);
  if (!current) throw notFound('account');
  if (current.email.toLowerCase() === email.toLowerCase())
    throw conflict('this is already your e-mail address');
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email_index', email, 'email');
  const changeId = newId('emc', ctx.now());
  const sealed = await ctx.vault.seal(ctx, id, 'accounts.email_change', changeId, { email });
  const token = newSecretToken();
  await accountsRepository.insertEmailChange(ctx.db, {
    id: changeId,
    customerId: id,
    tokenHash: hashSecretToken(token),
    email: sealed.email!,
    emailIndex,
    createdAt: ctx.now(),
    expiresAt: ctx.calendar.after({ hours: CONFIRM_HOURS }),
  });
  await queueEmail(ctx, {
    subjectId: id,
    template: 'confirm_email_change',
    recipient: email,
    body: [
      `Hello ${current.nickname},`,
      '',
      `to use this address for your account at ${ctx.tenant.name}, open this link within ${CONFIRM_HOURS} hours:`,
      `${ctx.storeUrl}/account/email/confirm?token=${token}`,
      '',
      'If you did not ask for it, ignore this e-mail: nothing changes.',
    ].join('\n'),
  });
  await queueEmail(ctx, {
    subjectId: id,
    template: 'email_change_requested',
    recipient: current.email,
    body: [
      `Hello ${current.nickname},`,
      '',
      `someone signed in to your account at ${ctx.tenant.name} asked to change its e-mail address.`,
      'The change happens only when the link sent to the new address is used.',
      `If it was not you, choose a new password now: ${ctx.storeUrl}/account/forgot`,
    ].join('\n'),
  });
}

/**
 * Confirms an e-mail change with the link's token: the account's address and its blind index
 * become the new ones. An address another account uses by then is refused; the link works once.
 */
export async function confirmEmailChange(ctx: Ctx, token: string): Promise<void> {
  const row = await accountsRepository.takeEmailChange(ctx.db, hashSecretToken(token));
  if (!row || row.expiresAt <= ctx.now())
    throw invalid('this link has expired or was already used; ask again');
  const taken = await accountsRepository.findByEmailIndex(ctx.db, row.emailIndex);
  if (taken && taken.id !== row.customerId) throw conflict('another account uses this address');
  // Whoever holds the link acts for the member it was made for (the link proves the new address).
  const opened = await readPersonal(
    { ...ctx, actor: { kind: 'member', customerId: row.customerId } },
    {
      table: 'accounts.email_change',
      rowId: row.id,
      subjectId: row.customerId,
      values: { email: row.email },
    },
    'login',
  );
  if (!opened.email) throw invalid('this link has expired or was already used; ask again');
  const sealed = await ctx.vault.seal(ctx, row.customerId, 'accounts.customer', row.customerId, {
    email: opened.email,
  });
  await accountsRepository.setEmail(ctx.db, row.customerId, sealed.email!, row.emailIndex);
  await ctx.audit.record(ctx, {
    action: 'change',
    subjectId: row.customerId,
    table: 'accounts.customer',
    fields: ['email', 'email_index'],
  });
}
