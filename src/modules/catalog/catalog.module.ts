import { browsingRepository } from './browsing.repository.ts';
import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration, PersonalField } from '#modules/privacy';
import { catalogRoutes } from './catalog.routes.ts';
import { adminSearchReportRoutes } from './admin-search-report.routes.ts';
import { adminCatalogRoutes } from './admin-catalog.routes.ts';
import { flushActivity, activityBuffer } from './activity-buffer.ts';
import { browsingOf, forgetBrowsing } from './browsing-history.ts';

/** A consented browsing record (PV-2): which product, its category, when; only with consent. */
const BROWSING: PersonalField = {
  category: 'browsing',
  purposes: ['personalisation'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'browsing_history',
  storage: 'plain',
};

/** Catalog: categories, products, variants, prices, search, anonymous popularity counters. */
export const catalogModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'catalog',
  apiRoutes: (app, { inStore, responseCache }) => {
    catalogRoutes(app, inStore, responseCache);
    adminSearchReportRoutes(app, inStore);
    adminCatalogRoutes(app, inStore);
  },
  jobs: [
    {
      // Product views, searches and units sold, counted in memory and written every few seconds.
      id: 'catalog.flush-activity',
      everyMs: 5000,
      scope: 'tenant',
      run: (ctx) => flushActivity(ctx!),
    },
  ],
  subscribes: [
    {
      event: 'orders.order_placed',
      name: 'catalog.count-units-sold',
      // Hot-selling rankings count an order once it exists; buffered like views (no row locks).
      handle: async (ctx, event) => {
        for (const line of (event.payload.lines ?? []) as { productId: string; units: number }[])
          activityBuffer.addSales(ctx.tenant.id, line.productId, line.units);
      },
    },
  ],
  retention: [
    {
      rule: 'browsing_history',
      what: 'products looked at with personalisation on',
      run: (ctx, o) => browsingRepository.olderThan(ctx.db, o.cutoff, o.dryRun, o.legalHolds),
    },
  ],
  personalData: {
    export: async (ctx, subjectId) => ({ 'catalog.browsing_event': await browsingOf(ctx, subjectId) }),
    erase: (ctx, subjectId) => forgetBrowsing(ctx, subjectId),
    forgetHistory: async (ctx, subjectId) => ({
      forgotten: await forgetBrowsing(ctx, subjectId),
      waiting: 0,
    }),
    declaration: {
      module: 'catalog',
      subject: 'shopper',
      fields: {
        'catalog.browsing_event.product_id': BROWSING,
        'catalog.browsing_event.category_id': BROWSING,
        'catalog.browsing_event.at': BROWSING,
      },
      subjectLinks: {
        'catalog.browsing_event.holder': {
          subject: 'shopper',
          category: 'browsing',
          purposes: ['personalisation'],
          retention: 'browsing_history',
        },
      },
      notPersonal: {
        'catalog.category.name': 'a category name the merchant publishes',
        'catalog.product.name': 'a product name the merchant publishes',
        'catalog.product.category_name': 'a copy of the published category name',
      },
    },
  },
};
