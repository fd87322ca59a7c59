import type { Http } from '#platform/http/server.ts';
import { catalogRoutes } from '#modules/catalog';
import { tenantsRoutes, type InStore, type TenantDirectory } from '#modules/tenants';

/** What a module contributes to the running platform. */
export interface ModuleDefinition {
  name: string;
  routes(app: Http, deps: { inStore: InStore; directory: TenantDirectory }): void;
}

/** THE list of modules, in dependency order. */
export const MODULES: ModuleDefinition[] = [
  { name: 'tenants', routes: (app, { directory }) => tenantsRoutes(app, directory) },
  { name: 'catalog', routes: (app, { inStore }) => catalogRoutes(app, inStore) },
];
