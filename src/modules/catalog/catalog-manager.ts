import type { Ctx } from '#platform/ctx.ts';
import { forbidden, invalid } from '#platform/errors.ts';
import { roleOfActor } from '#platform/actor.ts';

/**
 * Who may change the catalog: the store's owner (back office or an owner API key), the operator
 * tools and jobs (seeding, imports). Every other role is refused, whatever page it reaches.
 */
export function assertManagesCatalog(ctx: Ctx): void {
  const a = ctx.actor;
  if (roleOfActor(a) === 'owner' || a.kind === 'operator' || a.kind === 'system') return;
  throw forbidden('only the owner manages the catalog');
}

/** Checks a list price: a positive whole number of cents, at most 1,000,000.00. */
export function assertPrice(sku: string, priceCents: number): void {
  if (!Number.isInteger(priceCents) || priceCents <= 0 || priceCents > 100_000_000)
    throw invalid(`variant '${sku}' price must be a whole number of cents from 1 to 100000000`);
}

/** Checks a SKU: letters, digits, dots, dashes and underscores, 1–60 characters. */
export function assertSku(sku: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(sku))
    throw invalid(`SKU '${sku.slice(0, 60)}' must be 1–60 letters, digits, dots, dashes or underscores`);
}
