import { and, asc, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { onHandOf, onHandText } from '#modules/stock';
import { statement } from '#db/statement.ts';
import { announce, queryRows, type Db } from '#db/client.ts';
import { sqlArray } from '#db/schema-helpers.ts';
import {
  category,
  hiddenSearch,
  product,
  searchStat,
  searchWord,
  synonymGroup,
  variant,
} from './catalog.schema.ts';

/**
 * A text-search query: per place in the query, any of its terms (spellings, synonyms, corrected
 * typos; a multi-word term needs all its words); the places joined by AND (&&) or OR (||).
 */
function tsqueryOf(words: string[][], joiner: '&&' | '||'): SQL {
  const perWord = words.map(
    (terms) =>
      sql`(${sql.join(
        terms.map((t) => sql`plainto_tsquery('english', ${t})`),
        sql` || `,
      )})`,
  );
  return sql`(${sql.join(perWord, joiner === '&&' ? sql` && ` : sql` || `)})`;
}

export type CategoryRow = typeof category.$inferSelect;

// Every cart change and checkout prices its lines with this (see #db/statement.ts).
const variantsWithProductStatement = statement<
  VariantRow & {
    productName: string;
    productSlug: string;
    categoryId: string;
    categorySlug: string;
    stock: number;
  }
>(
  `select v.id, v.tenant_id as "tenantId", v.product_id as "productId", v.sku, v.title,
     v.price_cents as "priceCents", v.position, p.name as "productName", p.slug as "productSlug",
     p.category_id as "categoryId", c.slug as "categorySlug", ${onHandText('v.id')} as stock
   from catalog.variant v
   join catalog.product p on p.id = v.product_id
   join catalog.category c on c.id = p.category_id
   where v.id = any($1::text[]) or v.sku = any($2::text[])`,
);
export type ProductRow = Omit<typeof product.$inferSelect, 'searchVector' | 'tagsText' | 'variantText'>;
export type VariantRow = typeof variant.$inferSelect;

/**
 * The notification channel on which catalog edits are announced (payload: the tenant id): every
 * process drops its cached pages when it hears it, instead of serving them until they expire.
 */
export const CATALOG_CHANGED = 'pledge_catalog';

/** Sort orders a listing accepts. `relevance` only means something for a search. */
export type ProductSort = 'popular' | 'price_asc' | 'price_desc' | 'newest' | 'name' | 'relevance';

/**
 * A SQL expression for a product's current selling price in cents, given each category's
 * discount in basis points. Mirrors `applyPercentOff` (round half up) so filters and facets agree
 * with the prices a page shows.
 */
export interface DiscountTable {
  defaultBasisPoints: number;
  byCategoryId: Record<string, number>;
}

function nowPriceSql(
  discounts: DiscountTable,
  categoryId: SQL = sql`${product.categoryId}`,
  minPriceCents: SQL = sql`${product.minPriceCents}`,
): SQL {
  const entries = Object.entries(discounts.byCategoryId);
  const bp =
    entries.length === 0
      ? sql`${discounts.defaultBasisPoints}::int`
      : sql`coalesce((select d.bp from unnest(${sqlArray(
          entries.map((e) => e[0]),
          'text',
        )}, ${sqlArray(
          entries.map((e) => e[1]),
          'int',
        )}) as d(id, bp) where d.id = ${categoryId}), ${discounts.defaultBasisPoints}::int)`;
  return sql`((${minPriceCents}::bigint * (10000 - ${bp}) + 5000) / 10000)`;
}

const productColumns = {
  id: product.id,
  tenantId: product.tenantId,
  categoryId: product.categoryId,
  slug: product.slug,
  name: product.name,
  series: product.series,
  categoryName: product.categoryName,
  description: product.description,
  tags: product.tags,
  details: product.details,
  motif: product.motif,
  hue: product.hue,
  minPriceCents: product.minPriceCents,
  unitsSold: product.unitsSold,
  viewCount: product.viewCount,
  ratingCount: product.ratingCount,
  ratingSum: product.ratingSum,
  createdAt: product.createdAt,
};

/** Orders of a product listing (relevance exists only for searches: see `searchPage`). */
export type ListSort = Exclude<ProductSort, 'relevance'>;

function orderBy(sort: ListSort, discounts: DiscountTable): SQL[] {
  switch (sort) {
    case 'popular':
      return [desc(product.unitsSold), asc(product.id)];
    case 'price_asc':
      return [sql`${nowPriceSql(discounts)} asc`, asc(product.id)];
    case 'price_desc':
      return [sql`${nowPriceSql(discounts)} desc`, asc(product.id)];
    case 'newest':
      return [desc(product.createdAt), desc(product.id)];
    case 'name':
      return [asc(product.name), asc(product.id)];
  }
}

export interface ProductFilter {
  categoryId?: string | undefined;
  /** Inclusive lower and exclusive upper bound on the current selling price. */
  minNowCents?: number | undefined;
  maxNowCents?: number | undefined;
}

function whereOf(filter: ProductFilter, discounts: DiscountTable): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.categoryId) parts.push(eq(product.categoryId, filter.categoryId));
  if (filter.minNowCents !== undefined) parts.push(sql`${nowPriceSql(discounts)} >= ${filter.minNowCents}`);
  if (filter.maxNowCents !== undefined) parts.push(sql`${nowPriceSql(discounts)} < ${filter.maxNowCents}`);
  return parts.length ? and(...parts) : undefined;
}

/** Adds per-product amounts to one of the product counters, in one statement. */
async function addToProductCounter(
  db: Db,
  column: 'view_count' | 'units_sold',
  counts: [productId: string, n: number][],
): Promise<void> {
  if (counts.length === 0) return;
  const target = sql.raw(column); // one of two fixed names, never input
  await queryRows(
    db,
    sql`update ${product} p set ${target} = p.${target} + v.n
        from (select unnest(${sqlArray(
          counts.map((c) => c[0]),
          'text',
        )}) as id, unnest(${sqlArray(
          counts.map((c) => c[1]),
          'int',
        )}) as n) v
        where p.id = v.id`,
  );
}

/** A search's category and price filters over a match set's category and price-paid columns. */
function searchFilters(
  filter: ProductFilter,
  categoryId: SQL,
  nowCents: SQL,
): { categoryConditions: SQL[]; priceConditions: SQL[] } {
  const categoryConditions: SQL[] = [sql`true`];
  const priceConditions: SQL[] = [sql`true`];
  if (filter.categoryId) categoryConditions.push(sql`${categoryId} = ${filter.categoryId}`);
  if (filter.minNowCents !== undefined) priceConditions.push(sql`${nowCents} >= ${filter.minNowCents}`);
  if (filter.maxNowCents !== undefined) priceConditions.push(sql`${nowCents} < ${filter.maxNowCents}`);
  return { categoryConditions, priceConditions };
}

/** All SQL of the catalog module. Every call runs inside a tenant-scoped transaction. */
export const catalogRepository = {
  /** Sets a product's published-review totals. */
  async setRating(db: Db, productId: string, count: number, sum: number): Promise<void> {
    await db.update(product).set({ ratingCount: count, ratingSum: sum }).where(eq(product.id, productId));
  },
  /** Announces (at commit) that this store's catalog changed; see CATALOG_CHANGED. */
  async announceChange(db: Db, tenantId: string): Promise<void> {
    await announce(db, CATALOG_CHANGED, tenantId);
  },
  async insertCategory(db: Db, row: typeof category.$inferInsert): Promise<void> {
    await db.insert(category).values(row);
  },
  async insertProduct(
    db: Db,
    row: typeof product.$inferInsert,
    variants: (typeof variant.$inferInsert)[],
  ): Promise<void> {
    await db.insert(product).values(row);
    await db.insert(variant).values(variants);
  },
  async addSearchWords(db: Db, words: string[]): Promise<void> {
    if (words.length === 0) return;
    await db
      .insert(searchWord)
      .values(words.map((word) => ({ word })))
      .onConflictDoNothing();
  },
  /** The categories with their product counts (kept by a trigger, so no scan of the products). */
  async listCategories(db: Db): Promise<CategoryRow[]> {
    return db.select().from(category).orderBy(asc(category.position), asc(category.name));
  },
  async findCategoryBySlug(db: Db, slug: string): Promise<CategoryRow | undefined> {
    const [row] = await db.select().from(category).where(eq(category.slug, slug));
    return row;
  },
  async findProductBySlug(db: Db, slug: string): Promise<ProductRow | undefined> {
    const [row] = await db.select(productColumns).from(product).where(eq(product.slug, slug));
    return row;
  },
  async productsByIds(db: Db, ids: string[]): Promise<ProductRow[]> {
    if (ids.length === 0) return [];
    return db.select(productColumns).from(product).where(inArray(product.id, ids));
  },
  /** Variants of products, with their units on hand (read from the stock module in the same query). */
  async variantsOf(db: Db, productIds: string[]): Promise<(VariantRow & { stock: number })[]> {
    if (productIds.length === 0) return [];
    return db
      .select({ ...getTableColumns(variant), stock: onHandOf(variant.id) })
      .from(variant)
      .where(inArray(variant.productId, productIds))
      .orderBy(asc(variant.productId), asc(variant.position));
  },
  /** Variants by id, and by SKU when given (one query), with their product, category and units on hand. */
  async variantsWithProduct(
    db: Db,
    variantIds: string[],
    skus: string[] = [],
  ): Promise<
    (VariantRow & {
      productName: string;
      productSlug: string;
      categoryId: string;
      categorySlug: string;
      stock: number;
    })[]
  > {
    if (variantIds.length === 0 && skus.length === 0) return [];
    return variantsWithProductStatement.rows(db, [variantIds, skus]);
  },
  async variantIdBySku(db: Db, sku: string): Promise<string | undefined> {
    const [row] = await db.select({ id: variant.id }).from(variant).where(eq(variant.sku, sku));
    return row?.id;
  },
  /** One page of products plus the total count, in a single round trip (window count). */
  async pageProducts(
    db: Db,
    filter: ProductFilter,
    discounts: DiscountTable,
    sort: ListSort,
    limit: number,
    offset: number,
  ): Promise<{ rows: ProductRow[]; total: number }> {
    const rows = await db
      .select({ ...productColumns, total: sql<number>`count(*) over ()::int` })
      .from(product)
      .where(whereOf(filter, discounts))
      .orderBy(...orderBy(sort, discounts))
      .limit(limit)
      .offset(offset);
    return {
      rows: rows.map(({ total: _t, ...r }) => r),
      total: rows[0]?.total ?? (offset > 0 ? await this.countProducts(db, filter, discounts) : 0),
    };
  },
  async countProducts(db: Db, filter: ProductFilter, discounts: DiscountTable): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(product)
      .where(whereOf(filter, discounts));
    return row?.n ?? 0;
  },
  /**
   * One page of a search, its total and its facets (the category counts under the chosen price,
   * the price counts under the chosen category) in one statement. The matches come from catalog.search_matches (index-backed,
   * see migration 0011) with what sorting needs; only the page's ids are returned, to be read
   * through row-level security by `productsByIds`.
   */
  async searchPage(
    db: Db,
    match: {
      words: string[][];
      joiner: '&&' | '||';
      fuzzyText: string | undefined;
      /** The shopper's own words (ranked above synonyms and corrections), when they differ. */
      own?: string[][] | undefined;
    },
    filter: ProductFilter,
    discounts: DiscountTable,
    sort: ProductSort,
    limit: number,
    offset: number,
    priceEdges: number[],
  ): Promise<{
    ids: string[];
    total: number;
    categories: { categoryId: string; count: number }[];
    priceBuckets: { bucket: number; count: number }[];
  }> {
    // Each facet counts under the other chosen filter, so no facet choice leads to nothing.
    const { categoryConditions, priceConditions } = searchFilters(
      filter,
      sql`m.category_id`,
      sql`m.now_cents`,
    );
    const conditions = [...categoryConditions, ...priceConditions];
    const order = {
      relevance: sql`m.rank desc, m.units_sold desc, m.id asc`,
      popular: sql`m.units_sold desc, m.id asc`,
      price_asc: sql`m.now_cents asc, m.id asc`,
      price_desc: sql`m.now_cents desc, m.id asc`,
      newest: sql`m.created_at desc, m.id desc`,
      name: sql`m.name asc, m.id asc`,
    }[sort];
    const nowCents = nowPriceSql(discounts, sql`s.category_id`, sql`s.min_price_cents`);
    const [row] = await queryRows<{
      ids: string[];
      total: number;
      categories: [string, number][];
      prices: [number, number][];
    }>(
      db,
      sql`with m as materialized (
            select s.*, ${nowCents} as now_cents
            from catalog.search_matches(${tsqueryOf(match.words, match.joiner)}, ${match.fuzzyText ?? null}::text, ${match.own ? tsqueryOf(match.own, '||') : sql`null`}::tsquery) s
          ),
          filtered as (select * from m where ${sql.join(conditions, sql` and `)})
          select
            (select coalesce(json_agg(t.id order by t.ord), '[]'::json) from (
              select m.id, row_number() over (order by ${order}) as ord
              from filtered m order by ${order} limit ${limit} offset ${offset}) t) as ids,
            (select count(*)::int from filtered) as total,
            (select coalesce(json_agg(json_build_array(c.category_id, c.n)), '[]'::json) from (
              select category_id, count(*)::int as n from m where ${sql.join(priceConditions, sql` and `)}
              group by category_id) c) as categories,
            (select coalesce(json_agg(json_build_array(b.bucket, b.n)), '[]'::json) from (
              select width_bucket(now_cents, ${sqlArray(priceEdges, 'bigint')}) as bucket, count(*)::int as n
              from m where ${sql.join(categoryConditions, sql` and `)} group by 1) b) as prices`,
    );
    return {
      ids: row!.ids,
      total: row!.total,
      categories: row!.categories.map(([categoryId, count]) => ({ categoryId, count })),
      priceBuckets: row!.prices.map(([bucket, count]) => ({ bucket, count })),
    };
  },
  /**
   * What planning a query needs, in one round trip: vocabulary words close to each query word,
   * best first (trigram similarity), and the store's synonym groups.
   */
  async queryPlanning(
    db: Db,
    words: string[],
  ): Promise<{ similar: { input: string; word: string; score: number }[]; synonyms: string[][] }> {
    const [row] = await queryRows<{ similar: [string, string, number][]; synonyms: string[][] }>(
      db,
      sql`
      select
        (select coalesce(json_agg(json_build_array(q.w, s.word, similarity(s.word, q.w)::float8)), '[]'::json)
         from unnest(${sqlArray(words, 'text')}) as q(w)
         cross join lateral (
           select sw.word from ${searchWord} sw
           where sw.word % q.w
           order by sw.word <-> q.w
           limit 4
         ) s) as similar,
        (select coalesce(json_agg(g.phrases), '[]'::json) from ${synonymGroup} g) as synonyms`,
    );
    return {
      similar: row!.similar.map(([input, word, score]) => ({ input, word, score })),
      synonyms: row!.synonyms,
    };
  },
  /** How many products match a text query under the filters (to compare a correction with the original). */
  async countMatches(
    db: Db,
    match: { words: string[][]; joiner: '&&' | '||' },
    filter: ProductFilter,
    discounts: DiscountTable,
  ): Promise<number> {
    const nowCents = nowPriceSql(discounts, sql`s.category_id`, sql`s.min_price_cents`);
    const { categoryConditions, priceConditions } = searchFilters(filter, sql`s.category_id`, nowCents);
    const conditions = [...categoryConditions, ...priceConditions];
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n
          from catalog.search_matches(${tsqueryOf(match.words, match.joiner)}, null::text, null::tsquery) s
          where ${sql.join(conditions, sql` and `)}`,
    );
    return row?.n ?? 0;
  },
  async listSynonymGroups(db: Db): Promise<(typeof synonymGroup.$inferSelect)[]> {
    return db.select().from(synonymGroup).orderBy(asc(synonymGroup.id));
  },
  async findSynonymGroup(db: Db, id: string): Promise<typeof synonymGroup.$inferSelect | undefined> {
    const [row] = await db.select().from(synonymGroup).where(eq(synonymGroup.id, id));
    return row;
  },
  async saveSynonymGroup(db: Db, row: { id: string; phrases: string[]; updatedAt: Date }): Promise<void> {
    await db
      .insert(synonymGroup)
      .values(row)
      .onConflictDoUpdate({
        target: synonymGroup.id,
        set: { phrases: row.phrases, updatedAt: row.updatedAt },
      });
  },
  async deleteSynonymGroup(db: Db, id: string): Promise<boolean> {
    const rows = await db
      .delete(synonymGroup)
      .where(eq(synonymGroup.id, id))
      .returning({ id: synonymGroup.id });
    return rows.length > 0;
  },
  /** Rewrites a product's variant search text from its variants' titles (see variantSearchText). */
  async variantTitlesOf(db: Db, productId: string): Promise<string[]> {
    const rows = await db
      .select({ title: variant.title })
      .from(variant)
      .where(eq(variant.productId, productId))
      .orderBy(asc(variant.position));
    return rows.map((r) => r.title);
  },
  async setVariantText(db: Db, productId: string, text: string): Promise<void> {
    await db.update(product).set({ variantText: text }).where(eq(product.id, productId));
  },
  async suggestProducts(db: Db, text: string, limit: number): Promise<{ slug: string; name: string }[]> {
    return db
      .select({ slug: product.slug, name: product.name })
      .from(product)
      .where(
        sql`${product.name} ilike ${`%${text.replace(/[%_\\]/g, '\\$&')}%`} or ${text} <% ${product.name}`,
      )
      .orderBy(sql`word_similarity(${text}, ${product.name}) desc`, desc(product.unitsSold))
      .limit(limit);
  },
  async hotSelling(db: Db, categoryId: string | undefined, limit: number): Promise<ProductRow[]> {
    return db
      .select(productColumns)
      .from(product)
      .where(categoryId ? eq(product.categoryId, categoryId) : undefined)
      .orderBy(desc(product.unitsSold), asc(product.id))
      .limit(limit);
  },
  /** Adds buffered units sold to several products in one statement. */
  addUnitsSold(db: Db, counts: [productId: string, units: number][]): Promise<void> {
    return addToProductCounter(db, 'units_sold', counts);
  },
  /** Adds buffered view counts, one statement for many products. */
  addViews(db: Db, counts: [productId: string, views: number][]): Promise<void> {
    return addToProductCounter(db, 'view_count', counts);
  },
  /** Adds buffered search counts per day and keyword, one statement for many keywords. */
  async addSearches(
    db: Db,
    rows: { day: string; query: string; searches: number; zeroResults: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await db
      .insert(searchStat)
      .values(rows)
      .onConflictDoUpdate({
        target: [searchStat.tenantId, searchStat.day, searchStat.query],
        set: {
          searches: sql`${searchStat.searches} + excluded.searches`,
          zeroResults: sql`${searchStat.zeroResults} + excluded.zero_results`,
        },
      });
  },
  /**
   * Keywords searched at least `minCount` times on at least `minDays` different days since
   * `sinceDay`, counting only days on which they found products, and not hidden by the owner.
   */
  async popularSearches(
    db: Db,
    sinceDay: string,
    minCount: number,
    minDays: number,
    limit: number,
  ): Promise<{ query: string; searches: number }[]> {
    return db
      .select({ query: searchStat.query, searches: sql<number>`sum(${searchStat.searches})::int` })
      .from(searchStat)
      .where(
        and(
          sql`${searchStat.day} >= ${sinceDay}`,
          sql`${searchStat.zeroResults} < ${searchStat.searches}`,
          sql`not exists (select 1 from ${hiddenSearch} h where h.query = ${searchStat.query})`,
        ),
      )
      .groupBy(searchStat.query)
      .having(
        sql`sum(${searchStat.searches}) >= ${minCount} and count(distinct ${searchStat.day}) >= ${minDays}`,
      )
      .orderBy(sql`2 desc`, asc(searchStat.query))
      .limit(limit);
  },
  /** Every variant with its product's name, by SKU (the back office's catalog list). */
  async variantsForAdmin(
    db: Db,
  ): Promise<
    { id: string; sku: string; title: string; priceCents: number; productName: string; productSlug: string }[]
  > {
    return db
      .select({
        id: variant.id,
        sku: variant.sku,
        title: variant.title,
        priceCents: variant.priceCents,
        productName: product.name,
        productSlug: product.slug,
      })
      .from(variant)
      .innerJoin(product, eq(product.id, variant.productId))
      .orderBy(asc(variant.sku));
  },
  /** Every search phrase since `sinceDay` with its searches and zero-result searches (reports). */
  async searchTotals(
    db: Db,
    sinceDay: string,
  ): Promise<{ query: string; searches: number; zeroResults: number }[]> {
    return db
      .select({
        query: searchStat.query,
        searches: sql<number>`sum(${searchStat.searches})::int`,
        zeroResults: sql<number>`sum(${searchStat.zeroResults})::int`,
      })
      .from(searchStat)
      .where(sql`${searchStat.day} >= ${sinceDay}`)
      .groupBy(searchStat.query)
      .orderBy(sql`2 desc`, asc(searchStat.query));
  },
  /** Writes the given product columns (the owner's edit). */
  async updateProduct(
    db: Db,
    id: string,
    patch: Partial<
      Pick<
        typeof product.$inferInsert,
        'name' | 'series' | 'description' | 'tags' | 'tagsText' | 'categoryId' | 'categoryName' | 'details'
      >
    >,
  ): Promise<void> {
    await db.update(product).set(patch).where(eq(product.id, id));
  },
  async insertVariant(db: Db, row: typeof variant.$inferInsert): Promise<void> {
    await db.insert(variant).values(row);
  },
  async nextVariantPosition(db: Db, productId: string): Promise<number> {
    const [row] = await db
      .select({ next: sql<number>`coalesce(max(${variant.position}) + 1, 0)::int` })
      .from(variant)
      .where(eq(variant.productId, productId));
    return row?.next ?? 0;
  },
  async updateVariant(db: Db, id: string, patch: { priceCents?: number; title?: string }): Promise<void> {
    await db.update(variant).set(patch).where(eq(variant.id, id));
  },
  /** Recomputes a product's cheapest list price from its variants (sorting and price filters read it). */
  async refreshMinPrice(db: Db, productId: string): Promise<void> {
    await db
      .update(product)
      .set({
        minPriceCents: sql`(select min(${variant.priceCents}) from ${variant} where ${variant.productId} = ${productId})`,
      })
      .where(eq(product.id, productId));
  },
  /** Products with their category slug, newest first (the owner's catalog list). */
  async productsForAdmin(
    db: Db,
  ): Promise<{ slug: string; name: string; categorySlug: string; categoryName: string; variants: number }[]> {
    return db
      .select({
        slug: product.slug,
        name: product.name,
        categorySlug: category.slug,
        categoryName: category.name,
        variants: sql<number>`(select count(*) from ${variant} where ${variant.productId} = ${product.id})::int`,
      })
      .from(product)
      .innerJoin(category, eq(category.id, product.categoryId))
      .orderBy(asc(product.name));
  },
  async hideSearch(db: Db, query: string, at: Date): Promise<void> {
    await db.insert(hiddenSearch).values({ query, hiddenAt: at }).onConflictDoNothing();
  },
  async showSearch(db: Db, query: string): Promise<void> {
    await db.delete(hiddenSearch).where(eq(hiddenSearch.query, query));
  },
};
