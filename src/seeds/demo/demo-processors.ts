import type { Ctx } from '#platform/ctx.ts';
import { listProcessors, registerProcessor, type ProcessorKind, type Purpose } from '#modules/privacy';

const address = [
  'orders.shipping_address.recipient_name',
  'orders.shipping_address.street_line1',
  'orders.shipping_address.street_line2',
  'orders.shipping_address.city',
  'orders.shipping_address.region',
  'orders.shipping_address.postal_code',
  'orders.shipping_address.country_code',
  'orders.shipping_address.phone',
];

/** The outside parties of a demo store, each with exactly the fields its job needs (SH-5, SH-6). */
export const DEMO_PROCESSORS: {
  kind: ProcessorKind;
  name: string;
  purpose: Purpose;
  agreementRef: string;
  fields: string[];
}[] = [
  {
    kind: 'payment_provider',
    name: 'Built-in test card processor',
    purpose: 'payment',
    agreementRef: 'built-in: no outside party (test cards only)',
    fields: [
      'payment_card',
      'payment_token',
      'amount_cents',
      'currency',
      'settlement_ref',
      'order_ref',
      'payments.ledger_entry.provider_ref',
    ],
  },
  {
    kind: 'carrier',
    name: 'Emulated Express (demo carrier)',
    purpose: 'fulfilment',
    agreementRef: 'demo: the carrier emulator under /emulators/carrier',
    fields: [...address, 'order_ref', 'parcel_weight_grams', 'ship_from_country', 'customs_declaration'],
  },
  {
    kind: 'tracking_provider',
    name: 'Emulated tracking (demo)',
    purpose: 'order_updates',
    agreementRef: 'demo: the tracking emulator under /emulators/tracking',
    fields: ['tracking_number', 'carrier', 'order_ref', 'callback_url'],
  },
  {
    kind: 'email_relay',
    name: 'Mail relay (SMTP)',
    purpose: 'transactional_email',
    agreementRef: 'demo: the built-in mail catcher, or the relay at SMTP_URL',
    fields: ['notifications.outbox.recipient', 'notifications.outbox.body', 'notifications.outbox.template'],
  },
];

/**
 * Registers each demo processor a store has never had (idempotent: runs at every demo start, so a
 * store seeded before a kind existed gets it; one the store's compliance terminated stays ended).
 */
export async function ensureDemoProcessors(ctx: Ctx): Promise<number> {
  const known = new Set((await listProcessors(ctx)).map((p) => p.kind));
  let added = 0;
  for (const p of DEMO_PROCESSORS) {
    if (known.has(p.kind)) continue;
    await registerProcessor(ctx, p);
    added++;
  }
  return added;
}
