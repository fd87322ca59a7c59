import type { TenantCtx } from '#modules/tenants';
import type { Vault } from '#modules/privacy';
import type { PaymentProvider } from '#modules/payments';

/** Orders use cases seal personal data and take payments. */
export interface OrdersCtx extends TenantCtx {
  vault: Vault;
  payments: PaymentProvider;
}

/** How long a browser may see a guest order after checkout or a lookup. */
export const ACCESS_GRANT_HOURS = 24;
