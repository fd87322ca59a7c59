import type { Ctx } from '#platform/ctx.ts';
import { AppError, forbidden, invalid } from '#platform/errors.ts';
import { roleOfActor } from '#platform/actor.ts';
import type { StaffRole } from '#platform/actor.ts';
import type { Purpose } from '../inventory/define-personal-data.ts';
import { OPEN_ROW } from '../vault/vault.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { visibilityOf, type SealedRow } from './read-personal.ts';

/** Why a field is unmasked: a closed list, so the audit never holds free text about a person. */
export const UNMASK_REASONS = [
  'delivery_problem',
  'return_or_refund',
  'payment_query',
  'complaint',
  'identity_check',
] as const;
export type UnmaskReason = (typeof UNMASK_REASONS)[number];

/** Roles that may unmask (AC-3): customer service, for the case at hand. */
const UNMASKING_ROLES: readonly StaffRole[] = ['customer_service'];

/** At most this many unmasks per staff user per rolling hour (then 429 until the oldest ages out). */
export const UNMASKS_PER_HOUR = 10;

/** A case or ticket reference: letters, digits and dashes only, so nothing personal fits in it. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

/**
 * Shows one field of one record in clear to a role that normally sees it masked (AC-3, AC-6): one
 * field at a time, with a reason from the closed list and a case reference, at most
 * `UNMASKS_PER_HOUR` per staff user, and an `unmask` audit event naming field, reason and case.
 */
export async function unmaskField<K extends string>(
  ctx: Ctx,
  row: SealedRow<K>,
  field: K,
  purpose: Purpose,
  why: { reason: UnmaskReason; reference: string },
): Promise<string | null> {
  const role = roleOfActor(ctx.actor);
  if (!role || !UNMASKING_ROLES.includes(role) || ctx.actor.kind !== 'staff')
    throw forbidden(`the ${role ?? ctx.actor.kind} role may not unmask personal data`);
  if (!REFERENCE.test(why.reference))
    throw invalid('the case reference may hold letters, digits and dashes only (up to 40)', {
      fields: { reference: 'letters, digits and dashes' },
    });
  const declared = ctx.vault.inventory.field(`${row.table}.${field}`);
  if (!declared || declared.storage !== 'sealed')
    throw invalid(`'${field}' is not a personal field that can be unmasked`);
  const visibility = visibilityOf(ctx.actor, declared, purpose, row.subjectId);
  if (visibility === 'hidden') throw forbidden(`the ${role} role may not see '${field}' at all`);
  const actor = `staff:${ctx.actor.staffId}`;
  const since = ctx.calendar.before({ hours: 1 });
  const recent = await auditRepository.countSince(ctx.db, actor, 'unmask', since);
  if (recent >= UNMASKS_PER_HOUR)
    throw new AppError(
      'rate_limited',
      `you have unmasked ${UNMASKS_PER_HOUR} fields in the last hour; ask a colleague or try again later`,
    );
  const opened = await ctx.vault[OPEN_ROW](ctx, row.table, row.rowId, {
    [field]: row.values[field],
  } as Record<K, string | null>);
  await ctx.audit.record(ctx, {
    action: 'unmask',
    subjectId: row.subjectId ?? undefined,
    table: row.table,
    fields: [field],
    purpose,
    detail: { row: row.rowId, reason: why.reason, case: why.reference },
  });
  return opened[field] ?? null;
}
