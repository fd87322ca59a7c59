/** Tenants: the merchant registry and each merchant's published policy parameters. */
export type { Tenant, TenantCtx } from './tenant.ts';
export { TenantPolicy, Campaign, assertValidPolicy, activeCampaigns } from './tenant-policy.ts';
export { createTenant, type CreateTenantInput } from './create-tenant.ts';
export { getTenantBySlug, listTenants } from './find-tenant.ts';
export { TenantDirectory } from './tenant-directory.ts';
export { tenant as tenantTable } from './tenants.schema.ts';
export { makeInStore, basePathOf, HOST_ROUTED, type InStore } from './store-scope.ts';
export { tenantsRoutes } from './tenants.routes.ts';
