import { invalid } from '#platform/errors.ts';
import type { ProductDetails } from './catalog.schema.ts';

export type { ProductDetails };

const MAX_ITEMS = 15;
const MAX_LENGTH = 40;

/**
 * Checks and tidies a product's details as the owner (or the demo seed) gives them: short,
 * distinct words in each list, empty lists dropped. Throws `invalid` naming the list.
 */
export function cleanDetails(details: ProductDetails | undefined): ProductDetails {
  if (!details) return {};
  const list = (name: string, items: string[] | undefined): string[] => {
    const cleaned = [...new Set((items ?? []).map((i) => i.replace(/\s+/g, ' ').trim()).filter(Boolean))];
    if (cleaned.length > MAX_ITEMS || cleaned.some((i) => i.length > MAX_LENGTH))
      throw invalid(`${name}: at most ${MAX_ITEMS} entries of at most ${MAX_LENGTH} characters`);
    return cleaned;
  };
  const out: ProductDetails = {};
  if (details.notes) {
    const notes = {
      top: list('notes.top', details.notes.top),
      heart: list('notes.heart', details.notes.heart),
      base: list('notes.base', details.notes.base),
    };
    if (notes.top.length + notes.heart.length + notes.base.length > 0) out.notes = notes;
  }
  const ingredients = list('ingredients', details.ingredients);
  if (ingredients.length > 0) out.ingredients = ingredients;
  return out;
}
