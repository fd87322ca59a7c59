import type { Http } from '#platform/http/server.ts';
import { catalogRoutes } from '#modules/catalog';
import { tenantsRoutes, type InStore, type TenantDirectory } from '#modules/tenants';
import { accountsApiRoutes, accountsPersonalData } from '#modules/accounts';
import { wishlistApiRoutes } from '#modules/wishlist';
import { notificationsPersonalData } from '#modules/notifications';
import { ordersApiRoutes, ordersPersonalData } from '#modules/orders';
import { cartApiRoutes } from '#modules/cart';
import type { PersonalDataDeclaration, Vault } from '#modules/privacy';
import type { PaymentProvider } from '#modules/payments';
import type { MicroCache } from '#platform/http/micro-cache.ts';
import type { BackgroundWork } from '#platform/background.ts';
import { throttlePersonalData } from '#modules/throttle';

/** What the composition root hands to each module's routes. */
export interface ModuleDeps {
  inStore: InStore;
  directory: TenantDirectory;
  vault: Vault;
  payments: PaymentProvider;
  /** Short-lived cache of anonymous catalog responses. */
  responseCache: MicroCache<unknown>;
  /** Work started by a request that its answer must not wait for. */
  background: BackgroundWork;
}

/** What a module contributes to the running platform. */
export interface ModuleDefinition {
  name: string;
  routes?(app: Http, deps: ModuleDeps): void;
  /** The personal fields the module stores (PV-1); the data inventory is the union of these. */
  personalData?: PersonalDataDeclaration;
}

/** THE list of modules, in dependency order. */
export const MODULES: ModuleDefinition[] = [
  { name: 'tenants', routes: (app, { directory }) => tenantsRoutes(app, directory) },
  { name: 'privacy' },
  {
    name: 'catalog',
    routes: (app, { inStore, responseCache }) => catalogRoutes(app, inStore, responseCache),
  },
  { name: 'notifications', personalData: notificationsPersonalData },
  { name: 'throttle', personalData: throttlePersonalData },
  {
    name: 'accounts',
    personalData: accountsPersonalData,
    routes: (app, { inStore, vault, background }) => accountsApiRoutes(app, inStore, vault, background),
  },
  { name: 'cart', routes: (app, { inStore }) => cartApiRoutes(app, inStore) },
  { name: 'wishlist', routes: (app, { inStore }) => wishlistApiRoutes(app, inStore) },
  { name: 'payments' },
  {
    name: 'orders',
    personalData: ordersPersonalData,
    routes: (app, { inStore, vault, payments }) => ordersApiRoutes(app, inStore, vault, payments),
  },
];

/** The data inventory: every module's declared personal fields (PV-1). */
export const PERSONAL_DATA: PersonalDataDeclaration[] = MODULES.flatMap((m) =>
  m.personalData ? [m.personalData] : [],
);
