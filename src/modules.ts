import type { Http } from '#platform/http/server.ts';
import { catalogRoutes } from '#modules/catalog';
import { tenantsRoutes, type InStore, type TenantDirectory } from '#modules/tenants';
import { accountsPersonalData } from '#modules/accounts';
import { notificationsPersonalData } from '#modules/notifications';
import type { PersonalDataDeclaration } from '#modules/privacy';

/** What a module contributes to the running platform. */
export interface ModuleDefinition {
  name: string;
  routes?(app: Http, deps: { inStore: InStore; directory: TenantDirectory }): void;
  /** The personal fields the module stores (PV-1); the data inventory is the union of these. */
  personalData?: PersonalDataDeclaration;
}

/** THE list of modules, in dependency order. */
export const MODULES: ModuleDefinition[] = [
  { name: 'tenants', routes: (app, { directory }) => tenantsRoutes(app, directory) },
  { name: 'privacy' },
  { name: 'catalog', routes: (app, { inStore }) => catalogRoutes(app, inStore) },
  { name: 'notifications', personalData: notificationsPersonalData },
  { name: 'accounts', personalData: accountsPersonalData },
  { name: 'cart' },
  { name: 'wishlist' },
];

/** The data inventory: every module's declared personal fields (PV-1). */
export const PERSONAL_DATA: PersonalDataDeclaration[] = MODULES.flatMap((m) =>
  m.personalData ? [m.personalData] : [],
);
