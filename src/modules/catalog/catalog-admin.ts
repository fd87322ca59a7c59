import type { Ctx } from '#platform/ctx.ts';
import { forbidden } from '#platform/errors.ts';
import { catalogRepository } from './catalog.repository.ts';

/** A variant as the owner manages it: SKU, product, title, list price. */
export interface AdminVariant {
  id: string;
  sku: string;
  productName: string;
  title: string;
  priceCents: number;
}

/** Every variant of the store, by SKU, for the owner's catalog page (no personal data in it). */
export async function listVariantsForOwner(ctx: Ctx): Promise<AdminVariant[]> {
  if (ctx.actor.kind !== 'staff' || ctx.actor.role !== 'owner')
    throw forbidden('only the owner manages the catalog');
  return catalogRepository.variantsForAdmin(ctx.db);
}
