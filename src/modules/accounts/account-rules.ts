import type { Ctx } from '#platform/ctx.ts';
import { forbidden } from '#platform/errors.ts';

/** How long a sign-in lasts, in days. */
export const SESSION_DAYS = 30;

/** The acting member's id (their own data only); 403 for anyone else. */
export function actingMemberId(ctx: Ctx): string {
  if (ctx.actor.kind !== 'member') throw forbidden('sign in to your account first');
  return ctx.actor.customerId;
}
