import { randomBytes } from 'node:crypto';
import type { Ctx } from '#platform/ctx.ts';
import { createCustomer } from '#modules/accounts';
import { securityRepository } from './security.repository.ts';

const GIVEN = ['Wren', 'Idris', 'Maren', 'Tobin', 'Sabine', 'Caspian', 'Ottilie', 'Lorcan'];
const FAMILY = ['Albury', 'Quenby', 'Harrowell', 'Fairlie', 'Castellan', 'Pemberly', 'Ashdown', 'Vell'];

/**
 * Plants a canary member in the store (IR-3): an account that looks like any other, with an
 * address at the store's own domain so no real person receives its mail, which no legitimate work
 * ever opens. Any staff or client access to it, or any attempt to sign in with its address, raises
 * an alert at the next detector pass. `email` plants one at an address the merchant watches (mail
 * arriving there is a second tripwire).
 */
export async function plantCanary(ctx: Ctx, options: { email?: string } = {}): Promise<string> {
  const pick = <T>(list: T[]) => list[randomBytes(1)[0]! % list.length]!;
  const given = pick(GIVEN);
  const family = pick(FAMILY);
  const { customerId } = await createCustomer(ctx, {
    nickname: given,
    email:
      options.email ??
      `${given}.${family}.${randomBytes(2).toString('hex')}@${ctx.tenant.slug}.example`.toLowerCase(),
    password: { plain: randomBytes(24).toString('base64url') },
  });
  await securityRepository.addCanary(ctx.db, customerId, ctx.now());
  return customerId;
}

/** The store's canary subjects (tests and the compliance page show how many). */
export function canariesOf(ctx: Ctx): Promise<string[]> {
  return securityRepository.canaries(ctx.db);
}

/** Plants a canary in a store that has none (at every start, unless `PLEDGE_CANARY_ACCOUNTS=false`). */
export async function ensureCanary(ctx: Ctx): Promise<boolean> {
  if ((await securityRepository.canaries(ctx.db)).length > 0) return false;
  await plantCanary(ctx);
  return true;
}
