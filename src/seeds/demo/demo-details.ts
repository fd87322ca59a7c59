import type { ProductDetails } from '#modules/catalog';

/**
 * The demo stores' product details (notes, key ingredients), read from each product's own demo
 * text when the store is seeded: a note or an ingredient is listed only if the product's name or
 * blurb names it. A real store enters them in the admin API (`details` on a product).
 */
const NOTES: Record<'top' | 'heart' | 'base', string[]> = {
  top: [
    'bergamot',
    'citrus',
    'lemon',
    'grapefruit',
    'mandarin',
    'orange',
    'pineapple',
    'apple',
    'pear',
    'ginger',
    'black pepper',
    'pink pepper',
    'cardamom',
    'saffron',
    'sea salt',
    'salt',
    'mint',
    'black cherry',
    'cherry',
    'marine',
  ],
  heart: [
    'lavender',
    'rose',
    'jasmine',
    'iris',
    'orris',
    'tuberose',
    'peony',
    'fig',
    'cinnamon',
    'violet',
    'neroli',
    'orange blossom',
    'geranium',
    'magnolia',
    'tea',
    'coconut',
    'almond',
    'honey',
    'milk',
  ],
  base: [
    'vetiver',
    'cedar',
    'sandalwood',
    'amberwood',
    'amber',
    'musk',
    'vanilla',
    'tonka',
    'oud',
    'leather',
    'tobacco',
    'incense',
    'benzoin',
    'patchouli',
    'birch',
    'driftwood',
    'caramel',
  ],
};

const INGREDIENTS = [
  'hyaluronic acid',
  'niacinamide',
  'ceramides',
  'vitamin c',
  'ferulic acid',
  'retinol',
  'retinal',
  'peptides',
  'squalane',
  'aloe',
  'panthenol',
  'cica',
  'centella',
  'green tea',
  'salicylic acid',
  'glycolic acid',
  'lactic acid',
  'zinc oxide',
  'zinc',
  'titanium dioxide',
  'shea butter',
  'shea',
  'snail mucin',
  'rice water',
  'colloidal oat',
  'oat',
  'charcoal',
  'clay',
  'kaolin',
  'bakuchiol',
  'azelaic acid',
  'caffeine',
  'vitamin e',
  'rosehip',
  'jojoba',
  'tea tree',
  'witch hazel',
  'rose water',
  'probiotics',
  'licorice',
  'mugwort',
  'propolis',
  'collagen',
  'honey',
  'cucumber',
  'matcha',
  'lavender',
  'jasmine',
  'rose',
];

/** Terms of a list found in a text, in the text's order; "black pepper" wins over "pepper". */
function found(terms: string[], text: string, taken: Set<string>): string[] {
  const hits: { term: string; at: number }[] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const singular = term.replace(/s$/, '');
    const match = new RegExp(`\\b${singular.replace(/ /g, '\\s+')}(?:s|y)?\\b`, 'i').exec(text);
    if (!match || [...taken].some((t) => t.includes(singular))) continue;
    taken.add(term);
    hits.push({ term, at: match.index });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.term);
}

/** The details a demo product's text supports: fragrance notes by tier, or skincare ingredients. */
export function demoDetails(store: string, text: string): ProductDetails {
  const taken = new Set<string>();
  if (store === 'fragrance') {
    const notes = {
      top: found(NOTES.top, text, taken),
      heart: found(NOTES.heart, text, taken),
      base: found(NOTES.base, text, taken),
    };
    return notes.top.length + notes.heart.length + notes.base.length > 0 ? { notes } : {};
  }
  if (store === 'skincare') {
    const ingredients = found(INGREDIENTS, text, taken);
    return ingredients.length > 0 ? { ingredients } : {};
  }
  return {};
}
