import type { Carrier, TrackingProvider } from './carrier.ts';

/** The outside services shipping works with, and how they reach back to Pledge. */
export interface ShippingServices {
  carrier: Carrier;
  tracking: TrackingProvider;
  /** The address the tracking provider reports scans to, without the store (`…/api/webhooks/tracking`). */
  trackingCallbackBase: () => string | undefined;
  /** The secret tracking webhooks are signed with (undefined: webhooks are refused). */
  trackingWebhookSecret: string | undefined;
}

// On every ctx (filled by the one ctx factory, src/runtime.ts).
declare module '#platform/ctx.ts' {
  interface Ctx {
    /** The store's carrier and tracking provider. */
    shipping: ShippingServices;
  }
}
