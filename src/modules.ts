import type { ModuleContract } from '#platform/module.ts';
import type { PersonalDataDeclaration } from '#modules/privacy';
import { privacyModule } from '#modules/privacy';
import { tenantsModule } from '#modules/tenants';
import { throttleModule } from '#modules/throttle';
import { stockModule } from '#modules/stock';
import { catalogModule } from '#modules/catalog';
import { paymentsModule } from '#modules/payments';
import { cartModule } from '#modules/cart';
import { wishlistModule } from '#modules/wishlist';
import { ordersModule } from '#modules/orders';
import { shippingModule } from '#modules/shipping';
import { returnsModule } from '#modules/returns';
import { supportModule } from '#modules/support';
import { notificationsModule } from '#modules/notifications';
import { accountsModule } from '#modules/accounts';
import { reviewsModule } from '#modules/reviews';
import { staffModule } from '#modules/staff';
import { rightsModule } from '#modules/rights';
import { securityModule } from '#modules/security';
import { checkoutModule } from '#modules/checkout';
import { storefrontPages } from '#web/storefront/storefront.module.ts';
import { adminPagesModule } from '#web/admin/admin.module.ts';

/**
 * THE list of modules, in dependency order: each may use only those above it. Their contracts
 * bring routes, pages, jobs, event subscribers, identity resolvers and personal-data declarations
 * with their export and erasure handlers; the composition root (app.ts) wires them.
 */
export const MODULES: ModuleContract<PersonalDataDeclaration>[] = [
  privacyModule,
  tenantsModule,
  throttleModule,
  stockModule,
  catalogModule,
  paymentsModule,
  cartModule,
  wishlistModule,
  ordersModule,
  shippingModule,
  returnsModule,
  supportModule,
  notificationsModule,
  accountsModule,
  reviewsModule,
  staffModule,
  rightsModule,
  securityModule,
  checkoutModule,
  storefrontPages,
  adminPagesModule,
];

/** The data inventory: every module's declared personal fields (PV-1). */
export const PERSONAL_DATA: PersonalDataDeclaration[] = MODULES.flatMap((m) =>
  m.personalData ? [m.personalData.declaration] : [],
);
