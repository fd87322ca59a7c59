import { hash } from '@node-rs/argon2';
import { conflict, invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { accountsRepository } from './accounts.repository.ts';
import type { AccountsCtx } from './accounts-ctx.ts';

export interface RegisterInput {
  nickname: string;
  email: string;
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The argon2id parameters (OWASP: m = 19 MiB, t = 2, p = 1). */
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated-module builds cannot import).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The shopper password rule: 10 to 200 characters (length beats composition rules for members). */
export function assertPasswordRules(password: string): void {
  if (password.length < 10 || password.length > 200) throw invalid('password must be 10–200 characters');
}

/**
 * Registers a member (SF-7) with only what the inventory declares: nickname, e-mail, password.
 * E-mail and nickname are sealed by the vault; the e-mail is found again through its blind index.
 */
export async function registerCustomer(
  ctx: AccountsCtx,
  input: RegisterInput,
): Promise<{ customerId: string }> {
  const nickname = input.nickname.trim();
  const email = input.email.trim();
  if (nickname.length < 1 || nickname.length > 40) throw invalid('nickname must be 1–40 characters');
  if (!EMAIL.test(email) || email.length > 254) throw invalid('email must be a valid e-mail address');
  if (input.password.length < 10 || input.password.length > 200)
    throw invalid('password must be 10–200 characters');
  if (input.password.toLowerCase() === email.toLowerCase())
    throw invalid('password must not be your e-mail address');

  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email', email, 'email');
  if (await accountsRepository.findByEmailIndex(ctx.db, emailIndex)) {
    throw conflict('an account with this e-mail address already exists; log in or reset the password');
  }
  const id = newId('cus', ctx.now());
  const field = (column: string) => ({ table: 'accounts.customer', column, rowId: id });
  const inserted = await accountsRepository.insertCustomer(ctx.db, {
    id,
    email: await ctx.vault.seal(ctx, id, field('email'), email),
    emailIndex,
    nickname: await ctx.vault.seal(ctx, id, field('nickname'), nickname),
    passwordHash: await hash(input.password, ARGON2_OPTIONS),
    createdAt: ctx.now(),
  });
  // Two registrations racing for one address: the unique blind index lets only one in.
  if (!inserted)
    throw conflict('an account with this e-mail address already exists; log in or reset the password');
  return { customerId: id };
}
