import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { catalogRepository, type ProductSort } from './catalog.repository.ts';
import { pricingContext, toCards } from './product-views.ts';
import type { ProductPage } from './list-products.ts';
import { recordSearch } from './record-activity.ts';
import { wordsOf } from './search-words.ts';
import { normaliseSizes, querySlots, spellingVariants } from './search-terms.ts';

/** Edges (cents) of the price facet's buckets: under $10, $10–25, …, $200 and over. */
export const PRICE_EDGES = [1000, 2500, 5000, 10000, 20000];

/** Vocabulary words at least this similar to a query word also match it (typo tolerance). */
const MIN_SIMILARITY = 0.45;
const MAX_WORDS = 8;

export interface SearchInput {
  q: string;
  categorySlug?: string | undefined;
  /** Index of a price bucket (0 = under the first edge). */
  priceBucket?: number | undefined;
  sort?: ProductSort | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
  /** Count the keyword in the anonymous search statistics (default true; suggestions do not). */
  record?: boolean;
}

export interface PriceFacet {
  bucket: number;
  minCents: number;
  maxCents: number | null;
  count: number;
}

export interface SearchResult extends ProductPage {
  query: string;
  /**
   * The query with typos corrected from the store's vocabulary, when that differs and finds more
   * than the words as typed.
   */
  correctedQuery: string | null;
  /** True when no product matched every word, so products matching any word are shown. */
  broadened: boolean;
  facets: { categories: { slug: string; name: string; count: number }[]; prices: PriceFacet[] };
}

/** Bounds of a price bucket, as `width_bucket` numbers them. */
export function priceBucketBounds(bucket: number): { minCents: number; maxCents: number | null } {
  return {
    minCents: bucket === 0 ? 0 : PRICE_EDGES[bucket - 1]!,
    maxCents: bucket < PRICE_EDGES.length ? PRICE_EDGES[bucket]! : null,
  };
}

interface PlannedQuery {
  /** Per place in the query: every term that satisfies it (see QuerySlot). */
  slots: string[][];
  /** The same without typo corrections: what the shopper's own words find. */
  original: string[][];
  /** The shopper's words with their spellings only (no synonyms), when that differs from `slots`. */
  own: string[][] | undefined;
  /** The query with unknown words replaced by their closest vocabulary word. */
  corrected: string;
  /** The query as the shopper's words were read (sizes compacted). */
  written: string;
}

/**
 * Plans a query in one round trip: the store's synonym groups turn phrases into places with
 * several terms, spelling variants are added, and each word the store's vocabulary does not
 * know gets up to two close vocabulary words (so "washible" also means "washable").
 */
async function planQuery(ctx: Ctx, words: string[]): Promise<PlannedQuery> {
  const { similar, synonyms } = await catalogRepository.queryPlanning(ctx.db, words);
  const slots = querySlots(words, synonyms);
  const correctedWords: string[] = [];
  const planned = slots.map((slot) => {
    if (slot.synonym) {
      correctedWords.push(slot.written);
      return slot.terms;
    }
    const word = slot.written;
    const candidates = similar.filter((s) => s.input === word);
    const known = candidates.some((s) => s.word === word || slot.terms.includes(s.word));
    const alternatives = known
      ? []
      : candidates
          .filter((s) => s.score >= MIN_SIMILARITY)
          .sort((a, b) => b.score - a.score)
          .slice(0, 2)
          .map((s) => s.word);
    correctedWords.push(alternatives[0] ?? word);
    return [...new Set([...slot.terms, ...alternatives, ...alternatives.flatMap(spellingVariants)])];
  });
  const own = slots.map((s) => [s.written, ...spellingVariants(s.written)]);
  const widened = planned.some((terms, i) => terms.length !== own[i]!.length);
  return {
    slots: planned,
    original: slots.map((s) => s.terms),
    own: widened ? own : undefined,
    corrected: correctedWords.join(' '),
    written: slots.map((s) => s.written).join(' '),
  };
}

/**
 * Full-text product search with ranking and typo tolerance (SF-2): PostgreSQL text search over
 * name, series, category, tags, variant titles (sizes) and description, widened by spelling
 * variants, the store's synonyms, trigram-similar vocabulary words and a fuzzy name match. Falls back to any-word matching when no product has all words.
 */
export async function searchProducts(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const { categories, discounts } = await pricingContext(ctx);
  const cat = input.categorySlug ? categories.find((c) => c.slug === input.categorySlug) : undefined;
  if (input.categorySlug && !cat) throw notFound('category', input.categorySlug);
  const pageSize = input.pageSize ?? 24;
  const page = input.page ?? 1;
  const words = wordsOf(normaliseSizes(input.q)).slice(0, MAX_WORDS);
  const bounds = input.priceBucket !== undefined ? priceBucketBounds(input.priceBucket) : undefined;

  const empty: SearchResult = {
    items: [],
    total: 0,
    page,
    pageSize,
    pageCount: 1,
    query: input.q,
    correctedQuery: null,
    broadened: false,
    facets: { categories: [], prices: [] },
  };
  if (words.length === 0) return empty;

  const plan = await planQuery(ctx, words);
  const fuzzyText = words.join(' ');
  const sort = input.sort ?? 'relevance';
  const filter = {
    categoryId: cat?.id,
    minNowCents: bounds?.minCents,
    maxNowCents: bounds?.maxCents ?? undefined,
  };
  const run = (joiner: '&&' | '||') =>
    catalogRepository.searchPage(
      ctx.db,
      { words: plan.slots, joiner, fuzzyText, own: plan.own },
      filter,
      discounts,
      sort,
      pageSize,
      (page - 1) * pageSize,
      PRICE_EDGES,
    );
  let result = await run('&&');
  let broadened = false;
  if (result.total === 0 && words.length > 1) {
    result = await run('||');
    broadened = true;
  }
  // A correction is offered only when it finds more than the shopper's own words did.
  let correctedQuery: string | null = null;
  if (plan.corrected !== plan.written && result.total > 0) {
    const own = await catalogRepository.countMatches(
      ctx.db,
      { words: plan.original, joiner: broadened ? '||' : '&&' },
      filter,
      discounts,
    );
    if (own < result.total) correctedQuery = plan.corrected;
  }
  if (input.record !== false) recordSearch(ctx, input.q, result.total);
  const rows = await catalogRepository.productsByIds(ctx.db, result.ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pageRows = result.ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const pageResult = { rows: pageRows, total: result.total };
  const facets = { categories: result.categories, priceBuckets: result.priceBuckets };

  const nameOf = new Map(categories.map((c) => [c.id, c]));
  return {
    items: await toCards(ctx, pageResult.rows, categories),
    total: pageResult.total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(pageResult.total / pageSize)),
    query: input.q,
    correctedQuery,
    broadened,
    facets: {
      categories: facets.categories
        .map((f) => ({
          slug: nameOf.get(f.categoryId)?.slug ?? '',
          name: nameOf.get(f.categoryId)?.name ?? '',
          count: f.count,
        }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      prices: facets.priceBuckets
        .map((f) => ({ bucket: f.bucket, ...priceBucketBounds(f.bucket), count: f.count }))
        .sort((a, b) => a.bucket - b.bucket),
    },
  };
}

/** Autocomplete: product names close to what has been typed so far. Not counted in statistics. */
export async function suggestSearches(ctx: Ctx, text: string): Promise<{ slug: string; name: string }[]> {
  const cleaned = wordsOf(text).join(' ');
  if (cleaned.length < 2) return [];
  return catalogRepository.suggestProducts(ctx.db, cleaned, 8);
}
