import { hash } from '@node-rs/argon2';
import { conflict } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { accountsRepository } from './accounts.repository.ts';
import type { Ctx } from '#platform/ctx.ts';
import { ARGON2_OPTIONS } from './password-rules.ts';

/** A member to create whose e-mail address is already known to be theirs. */
export interface NewCustomer {
  /** The member's id when it was reserved earlier (a confirmed registration); new otherwise. */
  id?: string;
  nickname: string;
  email: string;
  /** A password in the clear (hashed here), or an argon2id hash made earlier. */
  password: { plain: string } | { hash: string };
}

/**
 * Creates a member account: e-mail and nickname sealed under the member's own data key, the e-mail
 * found again through its blind index, the password as an argon2id hash. Used once a registration
 * is confirmed (and by seeds and tests, whose addresses need no confirming). Throws `conflict` when
 * the address already has an account.
 */
export async function createCustomer(ctx: Ctx, input: NewCustomer): Promise<{ customerId: string }> {
  const emailIndex = await ctx.vault.blindIndex(ctx, 'accounts.customer.email_index', input.email, 'email');
  const id = input.id ?? newId('cus', ctx.now());
  const sealed = await ctx.vault.seal(ctx, id, 'accounts.customer', id, {
    email: input.email,
    nickname: input.nickname,
  });
  const inserted = await accountsRepository.insertCustomer(ctx.db, {
    id,
    email: sealed.email!,
    emailIndex,
    nickname: sealed.nickname!,
    passwordHash:
      'hash' in input.password ? input.password.hash : await hash(input.password.plain, ARGON2_OPTIONS),
    createdAt: ctx.now(),
  });
  // Two confirmations racing for one address: the unique blind index lets only one in.
  if (!inserted)
    throw conflict('an account with this e-mail address already exists; log in or reset the password');
  return { customerId: id };
}
