import { anonymiseClosedOrders, anonymiseMarketplaceBuyers } from './order-retention.ts';
import { ordersRepository } from './orders.repository.ts';
import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { ordersApiRoutes } from './orders.routes.ts';
import { adminOrdersRoutes } from './admin-orders.routes.ts';
import { adminReportsRoutes } from './admin-reports.routes.ts';
import { ordersPersonalData } from './orders.personal-data.ts';
import { identifyGrant } from './access-grant.ts';
import { eraseOrders, forgetOrderHistory, exportOrders } from './subject-data.ts';
import { moveLegacyCharges } from './move-legacy-charges.ts';

/** Orders from every channel: statuses, guest access grants, lookup and history (CK-2). */
export const ordersModule: ModuleContract<PersonalDataDeclaration> = {
  name: 'orders',
  apiRoutes: (app, deps) => {
    ordersApiRoutes(app, deps);
    adminOrdersRoutes(app, deps);
    adminReportsRoutes(app, deps);
  },
  identify: identifyGrant,
  startup: moveLegacyCharges,
  retention: [
    {
      rule: 'order_personal_data',
      what: 'orders past their return window or cancelled: contact, address, link to the shopper (items and amounts stay)',
      run: anonymiseClosedOrders,
    },
    {
      rule: 'marketplace_buyer_data',
      what: "marketplace orders delivered that long ago: the buyer's contact, address and link (items and amounts stay)",
      run: anonymiseMarketplaceBuyers,
    },
    {
      rule: 'access_grants',
      what: 'guest order access grants past their expiry',
      run: (ctx, o) => ordersRepository.expiredGrants(ctx.db, o.cutoff, o.dryRun),
    },
  ],
  personalData: {
    declaration: ordersPersonalData,
    export: exportOrders,
    erase: eraseOrders,
    forgetHistory: forgetOrderHistory,
  },
};
