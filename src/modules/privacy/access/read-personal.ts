import type { Ctx } from '#platform/ctx.ts';
import type { Actor } from '#platform/actor.ts';
import { roleOfActor, subjectOfActor } from '#platform/actor.ts';
import type { Purpose } from '../inventory/define-personal-data.ts';
import type { DeclaredField } from '../inventory/inventory.ts';
import { OPEN_ROW } from '../vault/vault.ts';
import { mask } from './masks.ts';
import { restrictionApplies, restrictionOf } from './consent.ts';

/** How an actor may see one field: in clear, masked, or not at all. */
export type Visibility = 'clear' | 'masked' | 'hidden';

/** Sealed values of one stored row, as a repository hands them out (never plaintext). */
export interface SealedRow<K extends string> {
  /** `schema.table` */
  table: string;
  rowId: string;
  /** The subject whose key sealed the row (null: none, e.g. an erased link). */
  subjectId: string | null;
  values: Record<K, string | null>;
}

/**
 * How `actor` may see `field` when reading for `purpose` (AC-1..6): the data subject sees their own
 * data; staff and API clients see what the field's `readableBy` gives their role (clear, or
 * `:masked`) and only for one of the field's purposes; jobs see a field only for its purposes; an
 * anonymous visitor or an operator sees nothing.
 */
export function visibilityOf(
  actor: Actor,
  field: Pick<DeclaredField, 'readableBy' | 'purposes'>,
  purpose: Purpose,
  subjectId: string | null,
): Visibility {
  const own = subjectId !== null && subjectOfActor(actor) === subjectId;
  if (own) return field.readableBy.includes('subject') ? 'clear' : 'hidden';
  if (!field.purposes.includes(purpose)) return 'hidden';
  if (actor.kind === 'system') return 'clear';
  const role = roleOfActor(actor);
  if (!role) return 'hidden';
  if (field.readableBy.includes(role)) return 'clear';
  if (field.readableBy.includes(`${role}:masked`)) return 'masked';
  return 'hidden';
}

/**
 * THE read path for personal data (PV-1, AC-1..6, AU-1). Checks `ctx.actor` against each field's
 * declaration, decrypts only what the actor may see, masks what it may see only masked, and
 * records one audit event for every read by someone other than the subject. The answer maps each
 * column to its value: a string (clear or masked), null (no value, or erased), or undefined
 * (hidden from this actor).
 */
export async function readPersonal<K extends string>(
  ctx: Ctx,
  row: SealedRow<K>,
  purpose: Purpose,
): Promise<Record<K, string | null | undefined>> {
  const inventory = ctx.vault.inventory;
  const columns = Object.keys(row.values) as K[];
  const visibility = {} as Record<K, Visibility>;
  const fields = {} as Record<K, DeclaredField>;
  for (const column of columns) {
    const field = inventory.field(`${row.table}.${column}`);
    if (!field || field.storage !== 'sealed')
      throw new Error(`'${row.table}.${column}' is not a sealed personal field of the inventory`);
    fields[column] = field;
    visibility[column] = visibilityOf(ctx.actor, field, purpose, row.subjectId);
  }
  // A restricted subject's data (DR-5) is seen only by compliance and by the contract's own work.
  const own = row.subjectId !== null && subjectOfActor(ctx.actor) === row.subjectId;
  if (
    !own &&
    row.subjectId !== null &&
    restrictionApplies(ctx, purpose) &&
    columns.some((c) => visibility[c] !== 'hidden') &&
    (await restrictionOf(ctx, row.subjectId))
  )
    for (const column of columns) visibility[column] = 'hidden';
  const toOpen = {} as Record<K, string | null>;
  for (const column of columns) if (visibility[column] !== 'hidden') toOpen[column] = row.values[column];
  // Nothing the actor may see: nothing is decrypted at all.
  const opened =
    Object.keys(toOpen).length > 0
      ? await ctx.vault[OPEN_ROW](ctx, row.table, row.rowId, toOpen)
      : ({} as Record<K, string | null>);
  const out = {} as Record<K, string | null | undefined>;
  for (const column of columns) {
    const value = opened[column];
    out[column] =
      visibility[column] === 'hidden'
        ? undefined
        : visibility[column] === 'masked' && value !== null && value !== undefined
          ? mask(fields[column].mask ?? 'text', value)
          : (value ?? null);
  }
  const shown = columns.filter((c) => visibility[c] !== 'hidden');
  if (!own && shown.length > 0) {
    await ctx.audit.record(ctx, {
      action: 'read',
      subjectId: row.subjectId ?? undefined,
      table: row.table,
      fields: shown.map((c) => (visibility[c] === 'masked' ? `${c}:masked` : c)),
      purpose,
      detail: { row: row.rowId },
    });
  }
  return out;
}

/** How the acting actor may see a plain (unsealed) personal column, for views that show one. */
export function visibilityOfColumn(
  ctx: Ctx,
  key: string,
  purpose: Purpose,
  subjectId: string | null,
): Visibility {
  const field = ctx.vault.inventory.field(key);
  if (!field) throw new Error(`'${key}' is not in the data inventory`);
  return visibilityOf(ctx.actor, field, purpose, subjectId);
}
