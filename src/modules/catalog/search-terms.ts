import { wordsOf } from './search-words.ts';

/**
 * How shoppers' words become search terms (SF-2): sizes written any common way, British, American
 * and French spellings, and the store's own synonyms. Pure functions, shared by indexing (what a
 * product's variants add to its search document) and querying, so both sides agree.
 */

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const FOOT = String.raw`\s*(?:'|′|’|ft\.?|feet|foot|"|″|in\.?|inch(?:es)?|cm)?\s*`;
/** 8×10, 8 x 10, 8' x 10', 8ft by 10ft, 8*10 → 8x10 (one token the index and queries share). */
const DIMENSIONS = new RegExp(`${NUMBER}${FOOT}(?:x|×|\\*|by)${FOOT}${NUMBER}(?![\\d.,])${FOOT}`, 'giu');
/** 50 ml, 1.7 oz, 100 g → 50ml, 1.7oz, 100g. */
const QUANTITY = new RegExp(`${NUMBER}\\s*(ml|l|g|kg|oz|fl\\.?\\s*oz|cm|mm|m)\\b`, 'giu');

const compactNumber = (n: string) => n.replace(',', '.');

/** Rewrites sizes in a text as compact tokens ("5' × 7'" → "5x7", "50 ml" → "50ml"). */
export function normaliseSizes(text: string): string {
  return text
    .replace(DIMENSIONS, (_m, a: string, b: string) => ` ${compactNumber(a)}x${compactNumber(b)} `)
    .replace(
      QUANTITY,
      (_m, n: string, unit: string) => ` ${compactNumber(n)}${unit.replace(/[.\s]/g, '').toLowerCase()} `,
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What a product's variant titles add to its search document: each title as written and with
 * its sizes compacted, so "8×10", "8 x 10" and "8x10" all find the 8' × 10' rug.
 */
export function variantSearchText(titles: string[]): string {
  const parts = new Set<string>();
  for (const title of titles) {
    parts.add(title);
    parts.add(normaliseSizes(title));
  }
  return [...parts].join(' ').slice(0, 2000);
}

/**
 * Words written differently in other languages or on the other side of the Atlantic, which the
 * English stemmer does not bring together. Each set is one meaning.
 */
const SAME_WORD: string[][] = [
  ['perfume', 'parfum', 'profumo', 'perfum'],
  ['cream', 'creme'],
  ['grey', 'gray'],
  ['aluminium', 'aluminum'],
  ['jewellery', 'jewelry'],
  ['pyjamas', 'pajamas'],
  ['tyre', 'tire'],
  ['cosy', 'cozy'],
  ['mould', 'mold'],
  ['savon', 'soap'],
  ['eau', 'water'],
];
const SAME_WORD_INDEX = new Map<string, string[]>();
for (const set of SAME_WORD) for (const w of set) SAME_WORD_INDEX.set(w, set);

/** British ↔ American endings: moisturiser/moisturizer, colour/color, centre/center, … */
const ENDINGS: [RegExp, string][] = [
  [/^(.{3,})is(e|er|ers|es|ed|ing|ation|ations)$/u, '$1iz$2'],
  [/^(.{3,})iz(e|er|ers|es|ed|ing|ation|ations)$/u, '$1is$2'],
  [/^(.{2,}[^aeiou])our(s|ed|ing|ful|less)?$/u, '$1or$2'],
  [/^(.{2,}[^aeiou])or(s|ed|ing|ful|less)?$/u, '$1our$2'],
  [/^(.{3,}[bt])re(s)?$/u, '$1er$2'],
  [/^(.{3,}[bt])er(s)?$/u, '$1re$2'],
];

/**
 * Other spellings of one word (not including the word): moisturiser → moisturizer, color →
 * colour, parfum → perfume. Alternatives that no product uses only widen a query harmlessly.
 */
export function spellingVariants(word: string): string[] {
  const out = new Set<string>();
  for (const w of SAME_WORD_INDEX.get(word) ?? []) out.add(w);
  for (const [pattern, replacement] of ENDINGS)
    if (pattern.test(word)) out.add(word.replace(pattern, replacement));
  out.delete(word);
  return [...out];
}

/** One place in a query: the shopper's word (or phrase) and every term that may stand for it. */
export interface QuerySlot {
  /** What the shopper wrote for this place, e.g. "sun cream". */
  written: string;
  /** Terms any of which satisfies the slot; a multi-word term needs all of its words. */
  terms: string[];
  /** True when the slot came from a synonym group (typo correction is not applied to it). */
  synonym: boolean;
}

/**
 * Splits a normalised query into slots: a phrase that belongs to one of the store's synonym
 * groups becomes one slot with all of the group's phrases (longest phrase first, so "sun cream"
 * wins over "cream"); every other word is a slot of its own with its spelling variants.
 */
export function querySlots(words: string[], synonymGroups: string[][]): QuerySlot[] {
  const phrases: { words: string[]; group: string[] }[] = [];
  for (const group of synonymGroups) {
    const normalised = group.map((p) => wordsOf(normaliseSizes(p)).join(' ')).filter(Boolean);
    for (const p of normalised) phrases.push({ words: p.split(' '), group: normalised });
  }
  phrases.sort((a, b) => b.words.length - a.words.length);
  const slots: QuerySlot[] = [];
  let i = 0;
  while (i < words.length) {
    const variants = spellingVariants(words[i]!);
    // A phrase as written, or a one-word phrase the word is another spelling of (parfum → perfume).
    const hit =
      phrases.find((p) => p.words.every((w, k) => words[i + k] === w)) ??
      phrases.find((p) => p.words.length === 1 && variants.includes(p.words[0]!));
    if (hit) {
      const terms = new Set<string>();
      for (const phrase of hit.group) {
        terms.add(phrase);
        if (!phrase.includes(' ')) for (const v of spellingVariants(phrase)) terms.add(v);
      }
      const length = hit.words.every((w, k) => words[i + k] === w) ? hit.words.length : 1;
      terms.add(words[i]!);
      for (const v of variants) terms.add(v);
      slots.push({ written: words.slice(i, i + length).join(' '), terms: [...terms], synonym: true });
      i += length;
    } else {
      const word = words[i]!;
      slots.push({ written: word, terms: [word, ...variants], synonym: false });
      i++;
    }
  }
  return slots;
}
