import type { PaymentProvider } from './payment-provider.ts';

// The payment provider on every ctx (filled by the one ctx factory, src/runtime.ts).
declare module '#platform/ctx.ts' {
  interface Ctx {
    /** The store's payment provider (card tokens, charges, refunds). */
    payments: PaymentProvider;
  }
}
