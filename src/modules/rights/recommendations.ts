import type { Ctx } from '#platform/ctx.ts';
import { getProduct, hotSelling, matchedFor, rememberView, type ProductCard } from '#modules/catalog';
import { personalisationFor, type Personalisation, type PrivacySignals } from './consent-state.ts';

/**
 * "Matched for you" (SF-3): for a holder with personalisation on, the product being viewed is
 * remembered and products matched to their own browsing are answered; for anyone else nothing is
 * recorded and nothing personal is answered (CN-1, PV-2). Prices are the catalog's, the same for
 * everyone (CN-2).
 */
export async function recommendationsFor(
  ctx: Ctx,
  holder: string | undefined,
  signals: PrivacySignals,
  viewing?: string,
): Promise<{ personalisation: Personalisation; products: ProductCard[] }> {
  const personalisation = await personalisationFor(ctx, holder, signals);
  if (!personalisation.on || !holder) return { personalisation, products: [] };
  if (!viewing) return { personalisation, products: await matchedFor(ctx, holder) };
  await rememberView(ctx, holder, viewing);
  // The product page already shows its category's best sellers to everyone: match beyond them.
  const product = await getProduct(ctx, viewing).catch(() => undefined);
  const avoid = product
    ? (await hotSelling(ctx, { categorySlug: product.categorySlug, limit: 5 })).map((p) => p.id)
    : [];
  return { personalisation, products: await matchedFor(ctx, holder, { avoid }) };
}
