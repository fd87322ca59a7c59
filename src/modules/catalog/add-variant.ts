import type { Ctx } from '#platform/ctx.ts';
import { conflict, invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { openStock } from '#modules/stock';
import { catalogRepository } from './catalog.repository.ts';
import { assertManagesCatalog, assertPrice, assertSku } from './catalog-manager.ts';
import { refreshVariantText } from './refresh-variant-text.ts';

/** A new variant of an existing product: SKU, title (what differs), list price, opening stock. */
export interface AddVariantInput {
  sku: string;
  title: string;
  priceCents: number;
  stock: number;
}

/** Adds a variant to a product (owner); its opening stock is the stock module's first receipt. */
export async function addVariant(
  ctx: Ctx,
  productSlug: string,
  input: AddVariantInput,
): Promise<{ id: string }> {
  assertManagesCatalog(ctx);
  assertSku(input.sku);
  assertPrice(input.sku, input.priceCents);
  if (!input.title.trim() || input.title.length > 80) throw invalid('a variant title needs 1–80 characters');
  if (!Number.isInteger(input.stock) || input.stock < 0 || input.stock > 1_000_000)
    throw invalid(`variant '${input.sku}' stock must be a whole number from 0 to 1000000`);
  const product = await catalogRepository.findProductBySlug(ctx.db, productSlug);
  if (!product) throw notFound('product', productSlug);
  if (await catalogRepository.variantIdBySku(ctx.db, input.sku))
    throw conflict(`SKU '${input.sku}' already exists`);
  const id = newId('var', ctx.now());
  const position = await catalogRepository.nextVariantPosition(ctx.db, product.id);
  await catalogRepository.insertVariant(ctx.db, {
    id,
    productId: product.id,
    sku: input.sku,
    title: input.title.trim(),
    priceCents: input.priceCents,
    position,
  });
  await openStock(ctx, id, input.stock);
  await catalogRepository.refreshMinPrice(ctx.db, product.id);
  await refreshVariantText(ctx, product.id);
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
  return { id };
}
