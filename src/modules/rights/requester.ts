import type { Actor } from '#platform/actor.ts';
import type { Ctx } from '#platform/ctx.ts';
import { forbidden } from '#platform/errors.ts';

/**
 * Who a request is from, once their identity was verified (DR-8): a signed-in member (one
 * subject), a guest who proved an order number, its e-mail address and a one-time code (the
 * subjects of that address's guest orders), or a visitor (a complaint needs no account).
 */
export type Requester =
  | { kind: 'member'; subjectId: string }
  | { kind: 'guest'; orderId: string; subjectId: string; subjectIds: string[] }
  | { kind: 'visitor' };

/** The subjects a requester may act on. */
export const subjectsOf = (r: Requester): string[] =>
  r.kind === 'member' ? [r.subjectId] : r.kind === 'guest' ? r.subjectIds : [];

/** The requester's main subject (whose key seals what they write), if they are one. */
export const mainSubjectOf = (r: Requester): string | undefined =>
  r.kind === 'visitor' ? undefined : r.subjectId;

/** The actor reading a subject's data for this requester: the subject themself. */
export function actorFor(r: Requester, subjectId: string): Actor {
  return r.kind === 'member'
    ? { kind: 'member', customerId: subjectId }
    : { kind: 'guest', orderId: r.kind === 'guest' ? r.orderId : '', subjectId };
}

/** The signed-in member of the ctx as a requester (403 for anyone else). */
export function memberRequester(ctx: Ctx): Requester & { kind: 'member' } {
  if (ctx.actor.kind !== 'member') throw forbidden('sign in to your account first');
  return { kind: 'member', subjectId: ctx.actor.customerId };
}
