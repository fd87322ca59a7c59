import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createProduct } from '#modules/catalog';
import { createTenant } from '#modules/tenants';
import { DEMO_STORES } from '#seeds/demo/seed-demo.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { api } from '../support/shop-api.ts';

// Cached pages and the tenant directory hear about changes at once (NOTIFY at commit, heard by
// every process), instead of serving old answers until they expire or the process restarts.

let app: TestApp;

/** Polls `probe` until it is true (a notification arrives asynchronously, within milliseconds). */
async function eventually(probe: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

beforeAll(async () => {
  // Cached answers live a whole minute here: only an announced change can make them go sooner.
  app = await createTestApp({ env: { PLEDGE_MICRO_CACHE_MS: '60000' } });
});
afterAll(() => app.close());

describe(`change notifications (${ENGINE})`, () => {
  it('a catalog edit drops the cached answers at once', async () => {
    const list = () => api(app, 'GET', '/api/stores/skincare/categories');
    const before = await list();
    expect(before.status).toBe(200);
    expect(JSON.stringify((await list()).body)).toBe(JSON.stringify(before.body)); // served from the cache

    await app.inStore('skincare', async (ctx) => {
      await createCategory(ctx, { slug: 'night-care', name: 'Night care', motif: 'moon' });
      await createProduct(ctx, {
        categorySlug: 'night-care',
        slug: 'lantern-night-balm',
        name: 'Lantern Night Balm',
        description: 'A balm for the night.',
        hue: 40,
        variants: [{ sku: 'LNB-50', title: '50 ml', priceCents: 2400, stock: 12 }],
      });
    });
    expect(await eventually(async () => JSON.stringify((await list()).body).includes('night-care'))).toBe(
      true,
    );
  });

  it('a store registered by the operator is served without a restart', async () => {
    const template = DEMO_STORES[0]!;
    const url = '/api/stores/night-market/products';
    expect((await api(app, 'GET', url)).status).toBe(404);
    await app.database.asOperator((tx) =>
      createTenant(
        { db: tx, now: () => app.clock.now() },
        { slug: 'night-market', name: 'Night Market', policy: template.policy },
      ),
    );
    expect(await eventually(async () => (await api(app, 'GET', url)).status === 200)).toBe(true);
  });
});
