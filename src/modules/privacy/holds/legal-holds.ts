import type { Ctx } from '#platform/ctx.ts';
import { actorRef, roleOfActor, type Actor } from '#platform/actor.ts';
import { forbidden, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { OPEN_LOCKED } from '../vault/vault.ts';
import type { SubjectExport } from '../requests/subject-data.ts';
import { legalHoldRepository, type LegalHoldRow } from './legal-hold.repository.ts';

/** Why data may be held past its rule (RT-5): a closed list, so no free text names anyone. */
export const HOLD_BASES = ['litigation', 'authority_request', 'tax_audit', 'fraud_investigation'] as const;
export type HoldBasis = (typeof HOLD_BASES)[number];

/** Why compliance opens held data (RT-5: "only as the law allows"), recorded with each opening. */
export const HOLD_ACCESS_REASONS = {
  produce_to_court: 'To produce it to the court',
  answer_authority: 'To answer the authority',
  legal_counsel_review: 'For our legal counsel to review',
  audit_evidence: 'As evidence for the audit',
} as const;
export type HoldAccessReason = keyof typeof HOLD_ACCESS_REASONS;

/** A case reference: letters, digits and dashes (a court or authority's file number). */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/** What compliance sees of a hold: ids, basis, reference and dates; never the person's data. */
export interface LegalHoldView {
  id: string;
  subjectId: string;
  basis: string;
  reference: string;
  placedBy: string;
  placedAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
}

function view(row: Omit<LegalHoldRow, 'tenantId'>): LegalHoldView {
  return {
    id: row.id,
    subjectId: row.subjectId,
    basis: row.basis,
    reference: row.reference,
    placedBy: row.placedBy,
    placedAt: row.placedAt.toISOString(),
    releasedBy: row.releasedBy,
    releasedAt: row.releasedAt?.toISOString() ?? null,
  };
}

function requireCompliance(ctx: Ctx): void {
  if (ctx.actor.kind !== 'staff' || roleOfActor(ctx.actor) !== 'compliance')
    throw forbidden('only compliance places, opens and releases legal holds');
}

/**
 * Places a legal hold on subjects (RT-5): each subject's key is locked under the lock key, so their
 * data stays encrypted and apart — no staff view, job or export opens it, no retention rule or
 * erasure removes it — until the hold is released. Compliance only; audited per subject.
 */
export async function placeLegalHold(
  ctx: Ctx,
  subjectIds: readonly string[],
  why: { basis: HoldBasis; reference: string },
): Promise<LegalHoldView[]> {
  requireCompliance(ctx);
  if (!HOLD_BASES.includes(why.basis))
    throw invalid(`the basis must be one of: ${HOLD_BASES.join(', ')}`, { fields: { basis: 'unknown' } });
  if (!REFERENCE.test(why.reference))
    throw invalid('the case reference may hold letters, digits and dashes only (up to 40)', {
      fields: { reference: 'letters, digits and dashes' },
    });
  if (subjectIds.length === 0) throw invalid('no one to hold: the order or member was not found');
  const out: LegalHoldView[] = [];
  for (const subjectId of subjectIds) {
    const row = {
      id: newId('lgh', ctx.now()),
      subjectId,
      basis: why.basis,
      reference: why.reference,
      placedBy: actorRef(ctx.actor),
      placedAt: ctx.now(),
      releasedBy: null,
      releasedAt: null,
    };
    await legalHoldRepository.insert(ctx.db, row);
    const locked = await ctx.vault.lockSubject(ctx, subjectId, 'legal_hold');
    await ctx.audit.record(ctx, {
      action: 'hold_placed',
      subjectId,
      purpose: 'legal_claims',
      detail: { hold: row.id, basis: why.basis, reference: why.reference, keys: locked },
    });
    out.push(view(row));
  }
  return out;
}

/**
 * Releases a hold (RT-5). When no other hold stands on the subject, their key goes back under the
 * master key and every retention rule applies again: what outlived its rule goes on the next run.
 */
export async function releaseLegalHold(ctx: Ctx, holdId: string): Promise<LegalHoldView> {
  requireCompliance(ctx);
  const hold = await legalHoldRepository.byId(ctx.db, holdId);
  if (!hold) throw notFound('legal hold', holdId);
  if (hold.releasedAt) return view(hold);
  const released = { releasedBy: actorRef(ctx.actor), releasedAt: ctx.now() };
  await legalHoldRepository.release(ctx.db, holdId, released.releasedBy, released.releasedAt);
  const others = await legalHoldRepository.standingOf(ctx.db, hold.subjectId);
  const unlocked = others.length === 0 ? await ctx.vault.unlockSubject(ctx, hold.subjectId, 'legal_hold') : 0;
  await ctx.audit.record(ctx, {
    action: 'hold_released',
    subjectId: hold.subjectId,
    purpose: 'legal_claims',
    detail: { hold: hold.id, keys: unlocked, holdsLeft: others.length },
  });
  return view({ ...hold, ...released });
}

/** The store's holds, standing first (compliance). */
export async function listLegalHolds(ctx: Ctx): Promise<LegalHoldView[]> {
  requireCompliance(ctx);
  return (await legalHoldRepository.recent(ctx.db, 200)).map(view);
}

/**
 * Opens the data a hold keeps, for the matter it was placed for (RT-5: "accessed only as the law
 * allows"): compliance only, with a reason from a closed list, in this transaction only (the key
 * is not unlocked in the database), read as the person's own copy of their data, and audited as an
 * export naming the hold.
 */
export async function openHeldData(
  ctx: Ctx,
  holdId: string,
  reason: HoldAccessReason,
): Promise<SubjectExport> {
  requireCompliance(ctx);
  if (!(reason in HOLD_ACCESS_REASONS))
    throw invalid(`the reason must be one of: ${Object.keys(HOLD_ACCESS_REASONS).join(', ')}`);
  const hold = await legalHoldRepository.byId(ctx.db, holdId);
  if (!hold) throw notFound('legal hold', holdId);
  if (hold.releasedAt) throw invalid('this hold was released: its data follows the store’s rules again');
  await ctx.vault[OPEN_LOCKED](ctx, hold.subjectId);
  const asSubject = (s: string): Actor =>
    s.startsWith('cus_') ? { kind: 'member', customerId: s } : { kind: 'guest', orderId: '', subjectId: s };
  await ctx.audit.record(ctx, {
    action: 'read',
    subjectId: hold.subjectId,
    purpose: 'legal_claims',
    detail: { hold: hold.id, basis: hold.basis, reference: hold.reference, reason },
  });
  return ctx.subjectData.export(ctx, [hold.subjectId], asSubject);
}
