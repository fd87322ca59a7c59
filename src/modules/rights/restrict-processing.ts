import type { Ctx } from '#platform/ctx.ts';
import {
  liftRestriction,
  recordConsent,
  restrictProcessing,
  restrictionOf,
  policyVersionInEffect,
} from '#modules/privacy';
import { forgetBrowsing } from '#modules/catalog';
import { openRequest, type OpenedRequest } from './open-request.ts';
import { subjectsOf, type Requester } from './requester.ts';

/**
 * Restricts the processing of the requester's data at once (DR-5): from the next read on, staff
 * other than compliance, and every job but the contract's own (an order already placed is still
 * sent), see none of their sealed fields. Recorded as a request done at once.
 */
export async function restrictMyData(ctx: Ctx, requester: Requester): Promise<OpenedRequest> {
  for (const s of subjectsOf(requester)) await restrictProcessing(ctx, s);
  return openRequest(ctx, requester, { kind: 'restriction', status: 'completed' });
}

/** Lifts the requester's restriction (they may change their mind at any time). */
export async function liftMyRestriction(ctx: Ctx, requester: Requester): Promise<boolean> {
  let lifted = false;
  for (const s of subjectsOf(requester)) lifted = (await liftRestriction(ctx, s)) || lifted;
  return lifted;
}

/** Whether the requester's processing is restricted now, and since when. */
export async function myRestriction(ctx: Ctx, requester: Requester): Promise<Date | undefined> {
  for (const s of subjectsOf(requester)) {
    const since = await restrictionOf(ctx, s);
    if (since) return since;
  }
  return undefined;
}

/**
 * Withdraws consent (DR-5, CN-1): personalisation is switched off for the requester from the next
 * request, recorded with the policy version in effect and the time; an objection does the same
 * and also goes to compliance with the requester's words, for an answer.
 */
export async function withdrawConsent(
  ctx: Ctx,
  requester: Requester,
  how: 'withdrawal' | 'objection',
  message?: string,
): Promise<OpenedRequest> {
  const policyVersion = policyVersionInEffect(ctx.tenant.policy, ctx.now()).version;
  for (const s of subjectsOf(requester)) {
    await recordConsent(ctx, s, 'personalisation', { granted: false, source: how, policyVersion });
    await forgetBrowsing(ctx, s);
  }
  return how === 'objection'
    ? openRequest(ctx, requester, { kind: 'objection', message })
    : openRequest(ctx, requester, { kind: 'consent_withdrawal', status: 'completed' });
}
