import type { Ctx } from '#platform/ctx.ts';
import { notFound } from '#platform/errors.ts';
import { catalogRepository, type ProductSort } from './catalog.repository.ts';
import { pricingContext, toCards } from './product-views.ts';
import type { ProductPage } from './list-products.ts';
import { recordSearch } from './record-activity.ts';
import { wordsOf } from './search-words.ts';

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
  /** The query with typos corrected from the store's vocabulary, when that differs. */
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
  words: string[][];
  corrected: string;
}

/** For each query word: itself plus close vocabulary words (so "washible" also means "washable"). */
async function planQuery(ctx: Ctx, words: string[]): Promise<PlannedQuery> {
  const similar = await catalogRepository.similarWords(ctx.db, words);
  const correctedWords: string[] = [];
  const planned = words.map((word) => {
    const candidates = similar.filter((s) => s.input === word);
    const known = candidates.some((s) => s.word === word);
    const alternatives = candidates
      .filter((s) => s.word !== word && s.score >= MIN_SIMILARITY)
      .sort((a, b) => b.score - a.score)
      .slice(0, 2)
      .map((s) => s.word);
    correctedWords.push(known ? word : (alternatives[0] ?? word));
    return [word, ...alternatives];
  });
  return { words: planned, corrected: correctedWords.join(' ') };
}

/**
 * Full-text product search with ranking and typo tolerance (SF-2): PostgreSQL text search over
 * name, series, category, tags and description, widened by trigram-similar vocabulary words and a
 * fuzzy match on the product name. Falls back to any-word matching when no product has all words.
 */
export async function searchProducts(ctx: Ctx, input: SearchInput): Promise<SearchResult> {
  const { categories, discounts } = await pricingContext(ctx);
  const cat = input.categorySlug ? categories.find((c) => c.slug === input.categorySlug) : undefined;
  if (input.categorySlug && !cat) throw notFound('category', input.categorySlug);
  const pageSize = input.pageSize ?? 24;
  const page = input.page ?? 1;
  const words = [...new Set(wordsOf(input.q))].slice(0, MAX_WORDS);
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
  const run = (joiner: '&&' | '||') =>
    catalogRepository.searchPage(
      ctx.db,
      { words: plan.words, joiner, fuzzyText },
      { categoryId: cat?.id, minNowCents: bounds?.minCents, maxNowCents: bounds?.maxCents ?? undefined },
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
    correctedQuery: plan.corrected !== words.join(' ') ? plan.corrected : null,
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
