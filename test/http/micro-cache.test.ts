import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { ActivityBuffer, getProduct } from '../../src/modules/catalog/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { PLEDGE_MICRO_CACHE_MS: '60000' } });
});
afterAll(() => app.close());

const get = (url: string) => app.http.inject({ method: 'GET', url });
const rename = (slug: string, name: string) =>
  app.inStore('skincare', (ctx) =>
    queryRows(ctx.db, sql`update catalog.product set name = ${name} where slug = ${slug}`),
  );
const views = async (slug: string) =>
  Number(
    (
      await app.inStore('skincare', (ctx) =>
        queryRows<{ n: number }>(
          ctx.db,
          sql`select view_count as n from catalog.product where slug = ${slug}`,
        ),
      )
    )[0]!.n,
  );

describe(`Issue 4: micro-cached anonymous catalog responses still count every view and search (${ENGINE})`, () => {
  it('SF-1, PV-2: a cached product page is served again, and each view is still counted (buffered, anonymous)', async () => {
    const slug = 'water-gel-moisturizer';
    const before = await views(slug);
    const first = await get(`/s/skincare/p/${slug}`);
    expect(first.body).toContain('Water Gel Moisturizer');
    await rename(slug, 'Renamed Behind The Cache');
    const second = await get(`/s/skincare/p/${slug}`);
    expect(second.body).toBe(first.body); // served from the cache
    expect(second.headers['cache-control']).toBe('no-store');
    await app.flushActivity();
    expect(await views(slug)).toBe(before + 2);
    // Another URL is another entry: the change shows there at once.
    expect((await get(`/s/skincare/p/${slug}?variant=x`)).body).toContain('Renamed Behind The Cache');
  });

  it('SF-2, PV-2: a cached search answer still counts the search', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await get('/api/stores/skincare/search?q=cleansing%20balm');
      expect(res.statusCode).toBe(200);
    }
    await app.flushActivity();
    const [row] = await app.inStore('skincare', (ctx) =>
      queryRows<{ searches: number }>(
        ctx.db,
        sql`select searches from catalog.search_stat where query = 'cleansing balm'`,
      ),
    );
    expect(Number(row!.searches)).toBe(3);
  });

  it('SEC-5: errors are not cached, and one store’s answer never serves another', async () => {
    expect((await get('/api/stores/skincare/products/no-such-product')).statusCode).toBe(404);
    const skincare = await get('/api/stores/skincare/products?limit=3');
    const rugs = await get('/api/stores/rugs/products?limit=3');
    expect(JSON.parse(rugs.body).items[0].imageUrl).toMatch(/^\/s\/rugs\//);
    expect(rugs.body).not.toBe(skincare.body);
  });
});

describe(`Issue 4: buffered activity counters (${ENGINE})`, () => {
  it('PV-2: a flush writes only its own store’s counts; a store whose write fails keeps them for the next run', async () => {
    const buffer = new ActivityBuffer();
    const skincare = app.directory.bySlugOrUndefined('skincare')!;
    const rugs = app.directory.bySlugOrUndefined('rugs')!;
    const product = await app.inStore('skincare', (ctx) => getProduct(ctx, 'water-gel-moisturizer'));
    const before = await views('water-gel-moisturizer');

    buffer.addView(skincare.id, product.id, 3);
    buffer.addView('ten_of_another_database', product.id, 7);
    buffer.addSearch(rugs.id, '2026-11-23', 'rug pad', false);

    // The rugs store's connection is lost while writing: its counts wait.
    const lost = { transaction: () => Promise.reject(new Error('connection lost')) };
    await expect(buffer.flushTenant({ db: lost as never, tenant: rugs })).rejects.toThrow('connection lost');
    expect(await app.inStore('skincare', (ctx) => buffer.flushTenant(ctx))).toEqual({
      written: 1,
      dropped: 0,
    });
    expect(await views('water-gel-moisturizer')).toBe(before + 3);
    expect(buffer.pending).toBe(true);

    // Next run: the rugs store's search is written; the foreign store's view still waits for its own app.
    expect(await app.inStore('rugs', (ctx) => buffer.flushTenant(ctx))).toEqual({ written: 1, dropped: 0 });
    const searched = await app.inStore('rugs', (ctx) =>
      queryRows<{ n: number }>(
        ctx.db,
        sql`select searches as n from catalog.search_stat where query = 'rug pad'`,
      ),
    );
    expect(searched[0]?.n).toBe(1);
    expect(await views('water-gel-moisturizer')).toBe(before + 3);
    expect(buffer.pending).toBe(true);
  });
});
