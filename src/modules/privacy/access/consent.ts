import type { Ctx } from '#platform/ctx.ts';
import { newId } from '#platform/ids.ts';
import type { Purpose } from '../inventory/define-personal-data.ts';
import { consentRepository as repository } from './consent.repository.ts';

/**
 * The purposes a restriction of processing (DR-5) leaves running: what the contract and the law
 * need (an order already placed is still packed, sent, paid, refunded and booked). Everything else
 * — customer service reading a case, reviews, personalisation, greetings — stops.
 */
export const CONTRACT_PURPOSES: readonly Purpose[] = [
  'login',
  'registration',
  'order_updates',
  'order_lookup',
  'delivery_contact',
  'password_reset',
  'fulfilment',
  'payment',
  'bookkeeping',
  'transactional_email',
  'security',
  'privacy_requests',
];

/** How a consent choice was expressed. */
export type ConsentSource =
  | 'settings'
  | 'gpc'
  | 'dnt'
  | 'objection'
  | 'withdrawal'
  | 'default'
  /** Not recorded: consent given under an earlier policy version lapsed when a new one asked again (PL-2). */
  | 'policy_change';

/** A consent choice in force (CN-3): what, how, under which policy version, when. */
export interface ConsentState {
  granted: boolean;
  source: ConsentSource;
  policyVersion: string;
  at: Date;
}

/** When the subject's processing is restricted, since when; undefined when it is not. */
export async function restrictionOf(ctx: Ctx, subjectId: string): Promise<Date | undefined> {
  return (await repository.activeRestriction(ctx.db, subjectId))?.since;
}

/** Restricts the processing of a subject's data from this moment (DR-5). Idempotent. */
export async function restrictProcessing(ctx: Ctx, subjectId: string): Promise<Date> {
  const active = await repository.activeRestriction(ctx.db, subjectId);
  if (active) return active.since;
  await repository.insertRestriction(ctx.db, {
    id: newId('rst', ctx.now()),
    tenantId: ctx.tenant.id,
    subjectId,
    since: ctx.now(),
  });
  await ctx.audit.record(ctx, { action: 'change', subjectId, table: 'privacy.restriction' });
  return ctx.now();
}

/** Lifts a subject's restriction (the subject changed their mind, or compliance ended it). */
export async function liftRestriction(ctx: Ctx, subjectId: string): Promise<boolean> {
  const lifted = await repository.liftRestriction(ctx.db, subjectId, ctx.now());
  if (lifted > 0) await ctx.audit.record(ctx, { action: 'change', subjectId, table: 'privacy.restriction' });
  return lifted > 0;
}

/**
 * Whether a read for `purpose` by the acting actor must stop at a restriction: compliance always
 * reads (it handles the request); staff, API clients and jobs read only for the contract's own
 * work (the warehouse still packs an order already placed); the subject always reads their own.
 */
export function restrictionApplies(ctx: Ctx, purpose: Purpose): boolean {
  const actor = ctx.actor;
  if ((actor.kind === 'staff' || actor.kind === 'api_client') && actor.role === 'compliance') return false;
  if (actor.kind === 'staff' || actor.kind === 'api_client' || actor.kind === 'system')
    return !CONTRACT_PURPOSES.includes(purpose);
  return false;
}

/**
 * Records a consent choice (CN-3): `holder` is a member's subject id or a visitor's random id.
 * Nothing is written when the choice in force is already the same, by the same means.
 */
export async function recordConsent(
  ctx: Ctx,
  holder: string,
  purpose: Purpose,
  choice: { granted: boolean; source: ConsentSource; policyVersion: string },
): Promise<void> {
  const current = await repository.latestChoice(ctx.db, holder, purpose);
  // The same choice again is not a new record, unless it is given under a newer policy version
  // (PL-2: consent asked again by a version is recorded under it).
  if (
    current &&
    current.granted === choice.granted &&
    current.source === choice.source &&
    current.policyVersion === choice.policyVersion
  )
    return;
  await repository.insertChoice(ctx.db, {
    id: newId('cns', ctx.now()),
    tenantId: ctx.tenant.id,
    holder,
    purpose,
    granted: choice.granted,
    source: choice.source,
    policyVersion: choice.policyVersion,
    at: ctx.now(),
  });
}

/** The consent choice in force for a holder and purpose; undefined when none was ever made. */
export async function consentOf(
  ctx: Ctx,
  holder: string,
  purpose: Purpose,
): Promise<ConsentState | undefined> {
  const row = await repository.latestChoice(ctx.db, holder, purpose);
  return row
    ? {
        granted: row.granted,
        source: row.source as ConsentSource,
        policyVersion: row.policyVersion,
        at: row.at,
      }
    : undefined;
}

/** Every consent choice a holder made, newest first (the privacy centre and the export show them). */
export async function consentHistory(
  ctx: Ctx,
  holder: string,
): Promise<(ConsentState & { purpose: string })[]> {
  const rows = await repository.choicesOf(ctx.db, holder, 200);
  return rows.map((r) => ({
    purpose: r.purpose,
    granted: r.granted,
    source: r.source as ConsentSource,
    policyVersion: r.policyVersion,
    at: r.at,
  }));
}

/** Deletes a subject's consent records and restrictions (erasure). */
export function eraseConsentAndRestrictions(ctx: Ctx, subjectId: string): Promise<number> {
  return repository.deleteOfSubject(ctx.db, subjectId);
}
