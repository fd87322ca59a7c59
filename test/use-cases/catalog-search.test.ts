import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  createCategory,
  createProduct,
  getProduct,
  hotSelling,
  keywordForStats,
  listCategories,
  listProducts,
  popularSearches,
  hidePopularSearch,
  showPopularSearch,
  recordProductView,
  searchProducts,
  suggestSearches,
} from '../../src/modules/catalog/index.ts';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const names = (items: { name: string }[]) => items.map((i) => i.name);

describe(`SF-2: full-text search with typo tolerance and ranking (${ENGINE})`, () => {
  it("SF-2: 'moisturiser' (British spelling) finds the moisturizers as a spelling, not as a typo to correct", async () => {
    const result = await app.inStore('skincare', (ctx) =>
      searchProducts(ctx, { q: 'moisturiser', record: false }),
    );
    expect(result.total).toBeGreaterThanOrEqual(8);
    expect(result.correctedQuery).toBeNull();
    expect(result.items.slice(0, 5).every((p) => /moistur/i.test(p.name))).toBe(true);
  });

  it("SF-2: 'clubb de nuit' finds the Club de Nuit series", async () => {
    const result = await app.inStore('fragrance', (ctx) =>
      searchProducts(ctx, { q: 'clubb de nuit', record: false }),
    );
    expect(result.correctedQuery).toBe('club de nuit');
    expect(result.total).toBeGreaterThanOrEqual(8);
    expect(result.items.slice(0, 8).every((p) => p.series === 'Club de Nuit')).toBe(true);
  });

  it("SF-2: 'washible rug' finds washable rugs", async () => {
    const result = await app.inStore('rugs', (ctx) =>
      searchProducts(ctx, { q: 'washible rug', record: false }),
    );
    expect(result.correctedQuery).toBe('washable rug');
    expect(result.total).toBeGreaterThanOrEqual(20);
    // Name matches (weight A) outrank products that are washable only by tag (weight B).
    expect(result.items.slice(0, 10).every((p) => /washable/i.test(p.name))).toBe(true);
  });

  it('SF-2: a full product name ranks that product first', async () => {
    const result = await app.inStore('fragrance', (ctx) =>
      searchProducts(ctx, { q: 'Odyssey Mandarin Sky', record: false }),
    );
    expect(result.items[0]?.name).toBe('Odyssey Mandarin Sky');
  });

  it('SF-2: words are searched in descriptions too, and an exact query is not "corrected"', async () => {
    const result = await app.inStore('skincare', (ctx) =>
      searchProducts(ctx, { q: 'ceramides', record: false }),
    );
    expect(result.correctedQuery).toBeNull();
    expect(names(result.items)).toContain('Barrier Repair Cream Moisturizer');
  });

  it('SF-2: nonsense finds nothing, and punctuation alone is an empty search, not an error', async () => {
    const none = await app.inStore('skincare', (ctx) => searchProducts(ctx, { q: 'zzqxv', record: false }));
    expect(none.total).toBe(0);
    const empty = await app.inStore('skincare', (ctx) => searchProducts(ctx, { q: '!!! ??', record: false }));
    expect(empty.total).toBe(0);
  });

  it('SF-2: when no product has every word, products with some of them are shown as a broadened result', async () => {
    const result = await app.inStore('rugs', (ctx) =>
      searchProducts(ctx, { q: 'runner spaceship', record: false }),
    );
    expect(result.broadened).toBe(true);
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((p) => /runner/i.test(p.name))).toBe(true);
  });

  it('SF-2: facets count what the query matches; category and price filters narrow the results', async () => {
    const all = await app.inStore('rugs', (ctx) =>
      searchProducts(ctx, { q: 'washable', pageSize: 100, record: false }),
    );
    const facetTotal = all.facets.categories.reduce((n, f) => n + f.count, 0);
    expect(facetTotal).toBe(all.total);
    const runners = all.facets.categories.find((f) => f.slug === 'runners')!;
    const onlyRunners = await app.inStore('rugs', (ctx) =>
      searchProducts(ctx, { q: 'washable', categorySlug: 'runners', pageSize: 100, record: false }),
    );
    expect(onlyRunners.total).toBe(runners.count);
    expect(onlyRunners.items.every((p) => p.categorySlug === 'runners')).toBe(true);
    const bucket = all.facets.prices[0]!;
    const inBucket = await app.inStore('rugs', (ctx) =>
      searchProducts(ctx, { q: 'washable', priceBucket: bucket.bucket, pageSize: 100, record: false }),
    );
    expect(inBucket.total).toBe(bucket.count);
    for (const p of inBucket.items) {
      // The facet is computed on the price the shopper pays, the same one the card shows.
      expect(p.price.nowCents).toBeGreaterThanOrEqual(bucket.minCents);
      if (bucket.maxCents !== null) expect(p.price.nowCents).toBeLessThan(bucket.maxCents);
    }
  });

  it('SF-2: suggestions complete partial and misspelt names', async () => {
    const suggestions = await app.inStore('fragrance', (ctx) => suggestSearches(ctx, 'odysey'));
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.name.includes('Odyssey'))).toBe(true);
  });
});

describe(`PV-2: passive data is de-identified (${ENGINE})`, () => {
  it('PV-2: search keywords are counted per day with no identity column at all', async () => {
    await app.inStore('skincare', (ctx) => searchProducts(ctx, { q: 'Vitamin  C' }));
    await app.inStore('skincare', (ctx) => searchProducts(ctx, { q: 'vitamin c' }));
    await app.inStore('skincare', (ctx) => searchProducts(ctx, { q: 'zzqxv' }));
    await app.flushActivity();
    const stats = await app.inStore('skincare', async (ctx) =>
      queryRows(ctx.db, sql`select query, searches, zero_results from catalog.search_stat order by query`),
    );
    expect(stats).toEqual([
      { query: 'vitamin c', searches: 2, zero_results: 0 },
      { query: 'zzqxv', searches: 1, zero_results: 1 },
    ]);
    const columns = await app.inStore('skincare', async (ctx) =>
      (
        await queryRows<{ column_name: string }>(
          ctx.db,
          sql`select column_name from information_schema.columns where table_schema = 'catalog' and table_name = 'search_stat'`,
        )
      ).map((r) => r.column_name),
    );
    expect(columns.sort()).toEqual(['day', 'query', 'searches', 'tenant_id', 'zero_results']);
  });

  it('PV-2: a keyword that looks like an e-mail address or phone number is never stored', () => {
    expect(keywordForStats('jane.doe@example.com')).toBeNull();
    expect(keywordForStats('+1 (415) 555-0199')).toBeNull();
    expect(keywordForStats('  Club   de Nuit ')).toBe('club de nuit');
    expect(keywordForStats('spf 50')).toBe('spf 50');
  });

  it('PV-2, SEC-4: popular searches need five searches on three different days that found products; the owner can hide one', async () => {
    const clock = app.clock as FixedClock;
    const search = async (q: string, times: number) => {
      for (let i = 0; i < times; i++) await app.inStore('rugs', (ctx) => searchProducts(ctx, { q }));
      await app.flushActivity();
    };
    const popular = () => app.inStore('rugs', (ctx) => popularSearches(ctx));
    // Twenty searches in one sitting do not make a phrase popular …
    await search('kitchen mat', 20);
    await search('call jane on 5550199 now', 20);
    expect(await popular()).not.toContain('kitchen mat');
    // … searches on three different days do; a phrase that finds nothing never does.
    clock.advance(86_400_000);
    await search('kitchen mat', 1);
    await search('zzqx nothing matches', 10);
    clock.advance(86_400_000);
    await search('kitchen mat', 1);
    await search('zzqx nothing matches', 10);
    expect(await popular()).toContain('kitchen mat');
    expect(await popular()).not.toContain('zzqx nothing matches');
    await app.inStore('rugs', (ctx) => hidePopularSearch(ctx, '  Kitchen   MAT '));
    expect(await popular()).not.toContain('kitchen mat');
    await app.inStore('rugs', (ctx) => showPopularSearch(ctx, 'kitchen mat'));
    expect(await popular()).toContain('kitchen mat');
    clock.advance(-2 * 86_400_000);
  });

  it('PV-2: a product view only moves an anonymous counter', async () => {
    const before = await app.inStore('skincare', (ctx) => getProduct(ctx, 'water-gel-moisturizer'));
    await app.inStore('skincare', async (ctx) => recordProductView(ctx, before.id));
    await app.inStore('skincare', async (ctx) => recordProductView(ctx, before.id));
    // Views are buffered in memory and written in one statement per flush.
    await app.flushActivity();
    const count = await app.inStore(
      'skincare',
      async (ctx) =>
        (
          await queryRows<{ view_count: number }>(
            ctx.db,
            sql`select view_count from catalog.product where id = ${before.id}`,
          )
        )[0]!.view_count,
    );
    expect(count).toBe(2);
  });
});

describe(`SF-1, SF-3: catalog listing and hot-selling (${ENGINE})`, () => {
  it('SF-1: each demo store has at least 60 products in at least 6 categories, each with variants', async () => {
    for (const store of ['skincare', 'fragrance', 'rugs']) {
      const categories = await app.inStore(store, (ctx) => listCategories(ctx));
      expect(categories.length).toBeGreaterThanOrEqual(6);
      expect(categories.reduce((n, c) => n + c.productCount, 0)).toBeGreaterThanOrEqual(60);
      const page = await app.inStore(store, (ctx) => listProducts(ctx, { pageSize: 100 }));
      expect(page.total).toBeGreaterThanOrEqual(60);
      const detail = await app.inStore(store, (ctx) => getProduct(ctx, page.items[0]!.slug));
      expect(detail.variants.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('SF-1: sorting by price really orders by the price the shopper pays, and pages do not overlap', async () => {
    const first = await app.inStore('rugs', (ctx) =>
      listProducts(ctx, { sort: 'price_asc', pageSize: 10, page: 1 }),
    );
    const second = await app.inStore('rugs', (ctx) =>
      listProducts(ctx, { sort: 'price_asc', pageSize: 10, page: 2 }),
    );
    const prices = [...first.items, ...second.items].map((p) => p.price.nowCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(new Set([...first.items, ...second.items].map((p) => p.id)).size).toBe(20);
    expect(first.pageCount).toBe(Math.ceil(first.total / 10));
    const desc = await app.inStore('rugs', (ctx) => listProducts(ctx, { sort: 'price_desc', pageSize: 5 }));
    expect(desc.items[0]!.price.nowCents).toBeGreaterThanOrEqual(prices.at(-1)!);
  });

  it('SF-3: hot-selling ranks by aggregate units sold, per store and per category', async () => {
    const hot = await app.inStore('fragrance', (ctx) => hotSelling(ctx, { limit: 5 }));
    const sold = hot.map((p) => p.unitsSold);
    expect(sold).toEqual([...sold].sort((a, b) => b - a));
    const inCategory = await app.inStore('fragrance', (ctx) =>
      hotSelling(ctx, { categorySlug: 'for-her', limit: 3 }),
    );
    expect(inCategory.every((p) => p.categorySlug === 'for-her')).toBe(true);
  });

  it('SF-1: a new product is searchable at once, and its misspelt name finds it', async () => {
    await app.inStore('rugs', async (ctx) => {
      await createCategory(ctx, { slug: 'door-mats', name: 'Door Mats', motif: 'mat' });
      await createProduct(ctx, {
        categorySlug: 'door-mats',
        slug: 'coir-welcome-door-mat',
        name: 'Coir Welcome Door Mat',
        description: 'Bristly coir that scrapes boots clean.',
        hue: 30,
        variants: [{ sku: 'RUG-DOOR-1', title: "1.5' × 2.5'", priceCents: 2900, stock: 4 }],
      });
    });
    const result = await app.inStore('rugs', (ctx) =>
      searchProducts(ctx, { q: 'welcom doormat coir', record: false }),
    );
    expect(result.items[0]?.slug).toBe('coir-welcome-door-mat');
  });

  it('SF-1: categories read earlier in a transaction reflect a category and product created later in it', async () => {
    const counts = await app.inStore('skincare', async (ctx) => {
      const before = await listCategories(ctx);
      await createCategory(ctx, { slug: 'body-care', name: 'Body Care', motif: 'pump' });
      const afterCategory = await listCategories(ctx);
      await createProduct(ctx, {
        categorySlug: 'body-care',
        slug: 'shea-body-butter',
        name: 'Shea Body Butter',
        description: 'Rich body butter.',
        hue: 40,
        variants: [{ sku: 'SKI-BODY-1', title: '200 ml', priceCents: 2400, stock: 9 }],
      });
      const afterProduct = await listCategories(ctx);
      return [
        before.length,
        afterCategory.length,
        afterProduct.find((c) => c.slug === 'body-care')?.productCount,
      ];
    });
    expect(counts).toEqual([8, 9, 1]);
  });

  it('SF-1: category product counts stay exact however products are moved or removed (kept by the database)', async () => {
    const countOf = (rows: { slug: string; productCount: number }[], slug: string) =>
      rows.find((c) => c.slug === slug)?.productCount;
    const before = await app.inStore('rugs', (ctx) => listCategories(ctx));
    const [from, to] = [before[0]!, before[1]!];
    await app.inStore('rugs', async (ctx) => {
      // Move one product between categories, then delete another, straight in SQL (an import would).
      await queryRows(
        ctx.db,
        sql`update catalog.product set category_id = (select id from catalog.category where slug = ${to.slug}) where id = (select p.id from catalog.product p join catalog.category c on c.id = p.category_id where c.slug = ${from.slug} order by p.id limit 1)`,
      );
      const [victim] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select p.id from catalog.product p join catalog.category c on c.id = p.category_id where c.slug = ${to.slug} and p.id not in (select product_id from orders.order_line) order by p.id desc limit 1`,
      );
      await queryRows(ctx.db, sql`delete from wishlist.saved_item where product_id = ${victim!.id}`);
      await queryRows(
        ctx.db,
        sql`delete from cart.cart_line where variant_id in (select id from catalog.variant where product_id = ${victim!.id})`,
      );
      await queryRows(ctx.db, sql`delete from catalog.variant where product_id = ${victim!.id}`);
      await queryRows(ctx.db, sql`delete from catalog.product where id = ${victim!.id}`);
    });
    const result = await app.inStore('rugs', async (ctx) => ({
      after: await listCategories(ctx),
      counted: await queryRows<{ slug: string; n: number }>(
        ctx.db,
        sql`select c.slug, count(p.id)::int as n from catalog.category c left join catalog.product p on p.category_id = c.id group by c.slug`,
      ),
      from: from.slug,
      to: to.slug,
    }));
    expect(countOf(result.after, result.from)).toBe(countOf(before, result.from)! - 1);
    expect(countOf(result.after, result.to)).toBe(countOf(before, result.to)!); // +1 moved in, -1 deleted
    for (const row of result.counted) expect(countOf(result.after, row.slug)).toBe(row.n);
  });

  it('SF-1: bad catalog input is refused with a message that names the problem', async () => {
    await expect(
      app.inStore('rugs', (ctx) =>
        createProduct(ctx, {
          categorySlug: 'runners',
          slug: 'x-rug',
          name: 'X',
          description: '',
          hue: 0,
          variants: [{ sku: 'X1', title: 'one', priceCents: 12.5, stock: 1 }],
        }),
      ),
    ).rejects.toThrow("variant 'X1' price must be a whole number of cents from 1 to 100000000");
    await expect(
      app.inStore('rugs', (ctx) =>
        createProduct(ctx, {
          categorySlug: 'nope',
          slug: 'y-rug',
          name: 'Y',
          description: '',
          hue: 0,
          variants: [{ sku: 'Y1', title: 'one', priceCents: 100, stock: 1 }],
        }),
      ),
    ).rejects.toThrow("category 'nope' was not found");
    await expect(
      app.inStore('rugs', (ctx) => createCategory(ctx, { slug: 'runners', name: 'Again', motif: 'rug' })),
    ).rejects.toThrow("category 'runners' already exists");
  });
});
