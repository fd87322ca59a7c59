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

// Every ctx's `tenant` is a whole Tenant: the platform declares the bare reference, this module
// adds what a store publishes.
declare module '#platform/ctx.ts' {
  interface TenantRef {
    tagline: string;
    hosts: string[];
    policy: TenantPolicy;
    createdAt: Date;
  }
}
