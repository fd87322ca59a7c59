import type { BaseCtx } from '#platform/ctx.ts';
import type { TenantPolicy } from './tenant-policy.ts';

/** A merchant on the platform, with its published policy. */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  tagline: string;
  hosts: string[];
  policy: TenantPolicy;
  createdAt: Date;
}

/** The context of a use case that acts for one tenant (its `db` is scoped to that tenant by RLS). */
export interface TenantCtx extends BaseCtx {
  tenant: Tenant;
  /** The store's public base URL for links in e-mails (from configuration, never from the request). */
  storeUrl: string;
}
