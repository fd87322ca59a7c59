import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVariant,
  changeVariant,
  listSynonyms,
  removeSynonyms,
  saveSynonyms,
  searchProducts,
  type SearchResult,
} from '../../src/modules/catalog/index.ts';
import { normaliseSizes, spellingVariants } from '../../src/modules/catalog/search-terms.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const search = (store: string, q: string, more: Partial<Parameters<typeof searchProducts>[1]> = {}) =>
  app.inStore(store, (ctx) => searchProducts(ctx, { q, record: false, pageSize: 100, ...more }));
const skusOf = (r: SearchResult) => r.items.map((i) => i.slug);

describe(`SF-2: search in shoppers' words (${ENGINE})`, () => {
  it('SF-2: sizes written any common way find the variant: 8x10, 8 x 10, 8′ × 10′, 8ft by 10ft', async () => {
    const forms = ['8x10', '8 x 10', "8' x 10'", '8×10', '8ft by 10ft', '8 X 10 rug'];
    const results = await Promise.all(forms.map((q) => search('rugs', q)));
    const first = results[0]!;
    expect(first.total).toBeGreaterThan(5);
    for (const r of results) expect(r.total).toBe(first.total);
    // Every hit really has an 8' × 10' variant; a 5' × 7'-only product is not among them.
    const some = await app.inStore('rugs', (ctx) =>
      Promise.all(
        first.items
          .slice(0, 5)
          .map((i) => import('../../src/modules/catalog/index.ts').then((m) => m.getProduct(ctx, i.slug))),
      ),
    );
    for (const p of some) expect(p.variants.some((v) => v.title === "8' × 10'")).toBe(true);
    expect(normaliseSizes('50 ml')).toBe('50ml');
    expect(normaliseSizes("2.5' × 7' runner")).toBe('2.5x7 runner');
  });

  it('SF-2: a variant added or renamed by the owner is searchable by its size at once', async () => {
    const before = await search('rugs', '9x12');
    expect(before.total).toBe(0);
    const slug = (await search('rugs', 'runner')).items[0]!.slug;
    await app.inStore('rugs', (ctx) =>
      addVariant(ctx, slug, { sku: 'RUG-TEST-912', title: "9' × 12'", priceCents: 49900, stock: 3 }),
    );
    const after = await search('rugs', '9 by 12');
    expect(skusOf(after)).toEqual([slug]);
    await app.inStore('rugs', (ctx) => changeVariant(ctx, 'RUG-TEST-912', { title: "10' × 14'" }));
    expect((await search('rugs', '9x12')).total).toBe(0);
    expect(skusOf(await search('rugs', '10x14'))).toEqual([slug]);
  });

  it('SF-2: British, American and French spellings find the same products (perfume/parfum, colour/color)', async () => {
    expect(spellingVariants('moisturiser')).toContain('moisturizer');
    expect(spellingVariants('moisturizing')).toContain('moisturising');
    expect(spellingVariants('colour')).toContain('color');
    expect(spellingVariants('center')).toContain('centre');
    expect(spellingVariants('parfum')).toContain('perfume');
    const british = await search('skincare', 'moisturising cream');
    const american = await search('skincare', 'moisturizing cream');
    expect(british.total).toBeGreaterThan(0);
    expect(british.total).toBe(american.total);
    const parfum = await search('fragrance', 'parfum');
    const perfume = await search('fragrance', 'perfume');
    expect(perfume.total).toBeGreaterThan(10);
    expect(parfum.total).toBe(perfume.total);
  });

  it("SF-2: the demo stores' synonyms: 'him' and 'homme' find the men's scents, 'sun cream' the sunscreens", async () => {
    const him = await search('fragrance', 'him');
    expect(him.total).toBeGreaterThan(5);
    expect(him.items.some((i) => /homme/i.test(i.name))).toBe(true);
    const homme = await search('fragrance', 'homme');
    expect(homme.total).toBe(him.total);
    const sunCream = await search('skincare', 'sun cream');
    const spf = await search('skincare', 'spf');
    expect(sunCream.total).toBeGreaterThan(3);
    expect(sunCream.items.some((i) => i.categorySlug === 'sunscreen')).toBe(true);
    expect(spf.total).toBe(sunCream.total);
  });

  it('SF-2: synonyms the owner adds, changes and removes take effect on the next search', async () => {
    expect((await search('rugs', 'tapis')).total).toBe(0);
    const group = await app.inStore('rugs', (ctx) =>
      saveSynonyms(ctx, { phrases: ['Tapis', 'rug', ' rug '] }),
    );
    expect(group.phrases).toEqual(['tapis', 'rug']);
    const tapis = await search('rugs', 'tapis');
    expect(tapis.total).toBeGreaterThan(20);
    expect(tapis.correctedQuery).toBeNull();
    await app.inStore('rugs', (ctx) => saveSynonyms(ctx, { id: group.id, phrases: ['tapis', 'runner'] }));
    const runners = await search('rugs', 'tapis');
    expect(runners.total).toBeLessThan(tapis.total);
    expect(runners.items.every((i) => /runner/i.test(`${i.name} ${i.categorySlug}`))).toBe(true);
    await app.inStore('rugs', (ctx) => removeSynonyms(ctx, group.id));
    expect((await search('rugs', 'tapis')).total).toBe(0);
    const groups = await app.inStore('rugs', (ctx) => listSynonyms(ctx));
    expect(groups.some((g) => g.id === group.id)).toBe(false);
    await expect(
      app.inStore('rugs', (ctx) => saveSynonyms(ctx, { phrases: ['rug', 'RUG'] })),
    ).rejects.toThrow(/two different phrases/);
    await expect(app.inStore('rugs', (ctx) => removeSynonyms(ctx, group.id))).rejects.toThrow(
      /not found|no synonym/i,
    );
  });

  it("SF-2: a store's synonyms stay in that store", async () => {
    const group = await app.inStore('rugs', (ctx) => saveSynonyms(ctx, { phrases: ['zebrawood', 'serum'] }));
    expect((await search('skincare', 'zebrawood')).total).toBe(0);
    await app.inStore('rugs', (ctx) => removeSynonyms(ctx, group.id));
  });

  it('SF-2: a correction is offered only when it finds more than the words as typed', async () => {
    const typo = await search('rugs', 'washible');
    expect(typo.correctedQuery).toBe('washable');
    expect(typo.total).toBeGreaterThan(10);
    // "rugs" is a plural the stemmer already reads as "rug": nothing to correct.
    const plural = await search('rugs', 'rugs');
    expect(plural.total).toBeGreaterThan(10);
    expect(plural.correctedQuery).toBeNull();
  });

  it('SF-2: facet counts reflect the other chosen filter, so no facet leads to zero results', async () => {
    const all = await search('rugs', 'washable');
    const cheap = all.facets.prices[0]!;
    const priced = await search('rugs', 'washable', { priceBucket: cheap.bucket });
    // Category counts under a price filter add up to what the price filter shows.
    expect(priced.facets.categories.reduce((n, f) => n + f.count, 0)).toBe(priced.total);
    for (const c of priced.facets.categories) {
      expect(c.count).toBeGreaterThan(0);
      const both = await search('rugs', 'washable', { priceBucket: cheap.bucket, categorySlug: c.slug });
      expect(both.total).toBe(c.count);
    }
    const runners = await search('rugs', 'washable', { categorySlug: 'runners' });
    expect(runners.facets.prices.reduce((n, f) => n + f.count, 0)).toBe(runners.total);
    for (const p of runners.facets.prices) {
      const both = await search('rugs', 'washable', { categorySlug: 'runners', priceBucket: p.bucket });
      expect(both.total).toBe(p.count);
      expect(p.count).toBeGreaterThan(0);
    }
    // The chosen category still offers every other category (under the same price filter).
    expect(runners.facets.categories.length).toBe(all.facets.categories.length);
  });
});
