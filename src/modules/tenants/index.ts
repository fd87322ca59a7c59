/** Tenants: the merchant registry and each merchant's published policy parameters. */
export type { Tenant } from './tenant.ts';
export {
  TenantPolicy,
  Campaign,
  RetentionSpec,
  assertValidPolicy,
  activeCampaigns,
  PolicyVersion,
} from './tenant-policy.ts';
export { listCampaigns, saveCampaign, removeCampaign } from './manage-campaigns.ts';
export { publishPolicyVersion, earliestEffectiveDay, POLICY_NOTICE_DAYS } from './publish-policy-version.ts';
export { createTenant, type CreateTenantInput } from './create-tenant.ts';
export { getTenantBySlug, listTenants } from './find-tenant.ts';
export { TenantDirectory } from './tenant-directory.ts';
export { tenant as tenantTable } from './tenants.schema.ts';
export { basePathOf, HOST_ROUTED } from './store-scope.ts';
export { tenantsModule } from './tenants.module.ts';
export { TENANTS_CHANGED } from './tenants.repository.ts';
