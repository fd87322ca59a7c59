import type { Database } from '#db/client.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { Logger } from '#platform/logger.ts';
import { createTenant, listTenants, type TenantDirectory, type TenantPolicy } from '#modules/tenants';
import { ensureDemoProcessors } from './demo-processors.ts';
import { datedCampaigns } from './campaign-dates.ts';
import { demoDetails } from './demo-details.ts';
import { createCategory, createProduct, recordSales, saveSynonyms } from '#modules/catalog';
import { seededRandom, slugify } from './random.ts';
import type { DemoStore } from './store-definition.ts';
import { skincareStore } from './skincare.ts';
import { fragranceStore } from './fragrance.ts';
import { rugsStore } from './rugs.ts';

/** The three demo stores of seeds 000, 001 and 003. */
export const DEMO_STORES: DemoStore[] = [skincareStore, fragranceStore, rugsStore];

const BASE_HUE: Record<string, number> = { skincare: 20, fragrance: 265, rugs: 190 };

/**
 * Creates the demo stores through the module APIs (as a merchant would), deterministically: the
 * same names, prices, stock and sales figures on every machine. Returns the slugs created.
 */
export async function seedDemo(
  database: Database,
  platform: {
    directory: TenantDirectory;
    runtime: { asSystem<T>(tenant: string, job: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> };
  },
  log: Logger,
  clock: { now(): Date } = { now: () => new Date() },
  stores = DEMO_STORES,
): Promise<string[]> {
  const existing = new Set((await listTenants({ db: database.db })).map((t) => t.slug));
  const created: string[] = [];
  for (const store of stores) {
    if (existing.has(store.slug)) continue;
    // The tenant registry is written through the operator path (the app role only reads it).
    // Every demo offer gets real dates from the day the store is seeded (see datedCampaigns).
    const policy = store.policy as TenantPolicy;
    const dated = {
      ...store,
      policy: { ...policy, campaigns: datedCampaigns(policy.campaigns, clock.now()) },
    };
    await database.asOperator((tx) => createTenant({ db: tx, now: () => clock.now() }, dated));
    await platform.directory.refresh(database.db);
    // The catalog is created through the modules' use cases, as a system job of the new store.
    await platform.runtime.asSystem(store.slug, 'seed-demo', (ctx) => seedCatalog(ctx, store));
    created.push(store.slug);
    log.info({ store: store.slug }, 'demo store seeded');
  }
  return created;
}

async function seedCatalog(ctx: Ctx, store: DemoStore): Promise<void> {
  // The outside parties a demo store shares data with (SH-2, SH-5, SH-6).
  await ensureDemoProcessors(ctx);
  for (const phrases of store.synonyms ?? []) await saveSynonyms(ctx, { phrases });
  const random = seededRandom(store.seed);
  let position = 0;
  let productNumber = 0;
  for (const cat of store.categories) {
    await createCategory(ctx, {
      slug: cat.slug,
      name: cat.name,
      description: cat.description,
      motif: cat.motif,
      position: position++,
    });
    for (const [index, item] of cat.products.entries()) {
      const slug = slugify(item.name);
      productNumber++;
      // A small deterministic spread so products in one category do not all cost the same.
      const factor = 0.85 + Math.floor(random() * 7) * 0.05;
      const variants = cat.variants.map((v, i) => ({
        sku: `${store.slug.slice(0, 3).toUpperCase()}-${String(productNumber).padStart(4, '0')}-${i + 1}`,
        title: v.title,
        priceCents: Math.round((v.priceCents * factor) / 100) * 100 - 1,
        stock: 5 + Math.floor(random() * 120),
      }));
      const { id } = await createProduct(ctx, {
        categorySlug: cat.slug,
        slug,
        name: item.name,
        series: item.series ?? null,
        description: `${item.blurb} ${store.promise}`,
        tags: [...(cat.tags ?? []), ...(item.tags ?? [])],
        details: demoDetails(store.slug, `${item.name}. ${item.blurb}`),
        motif: cat.motif,
        hue: (BASE_HUE[store.slug] ?? 0) + Math.floor(random() * 120) - 60 + index * 7,
        variants,
      });
      // Demo popularity: aggregate units, as if past orders had been counted.
      const bestSeller = item.tags?.includes('best seller') ? 400 : 0;
      await recordSales(ctx, [{ productId: id, units: bestSeller + Math.floor(random() * 250) }]);
    }
  }
}
