import type { TenantCtx } from '#modules/tenants';
import type { Vault } from '#modules/privacy';

/** Accounts use cases need the vault besides the tenant context. */
export interface AccountsCtx extends TenantCtx {
  vault: Vault;
}

/** How long a sign-in lasts. */
export const SESSION_DAYS = 30;
