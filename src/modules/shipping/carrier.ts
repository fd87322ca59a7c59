import { AppError } from '#platform/errors.ts';
import type { SharePermit } from '#modules/privacy';
import type { CustomsItem } from './shipping.schema.ts';

/**
 * What a label request may carry, by the names the sharing gate checks: the recipient's (or, for
 * a return, the sender's) address fields as the data inventory names them, and the parcel's
 * references. Optional fields are left out when the order has none.
 */
export interface LabelShare {
  order_ref: string;
  ship_from_country: string;
  parcel_weight_grams: number;
  'orders.shipping_address.recipient_name': string;
  'orders.shipping_address.street_line1': string;
  'orders.shipping_address.street_line2'?: string;
  'orders.shipping_address.city'?: string;
  'orders.shipping_address.region'?: string;
  'orders.shipping_address.postal_code'?: string;
  'orders.shipping_address.country_code': string;
  'orders.shipping_address.phone'?: string;
  customs_declaration?: CustomsItem[];
}

/** A label the carrier sold. */
export interface BoughtLabel {
  labelId: string;
  trackingNumber: string;
  carrier: string;
  /** The printable label (SVG). */
  label: string;
  estimatedDelivery: Date | undefined;
}

/** What a tracking registration carries: nothing about the person. */
export interface TrackingShare {
  tracking_number: string;
  carrier: string;
  order_ref: string;
  callback_url: string;
}

/**
 * A carrier (CK-4): sells labels. Adapters take a permit of the sharing gate, never a payload of
 * their own making, so nothing reaches the carrier that the gate did not release.
 */
export interface Carrier {
  buyLabel(
    permit: SharePermit<LabelShare>,
    request: { direction: 'outbound' | 'return'; idempotencyKey: string },
  ): Promise<BoughtLabel>;
}

/** A tracking provider: follows parcels at the carrier and reports their scans to a webhook. */
export interface TrackingProvider {
  register(permit: SharePermit<TrackingShare>): Promise<void>;
}

/**
 * An outside service did not do what was asked (unreachable, refused our credentials, failed):
 * not the caller's fault; nothing was recorded as done. The message holds no personal data.
 */
export class OutsideServiceFailed extends AppError {
  constructor(service: string, reason: string) {
    super(
      'unavailable',
      `the ${service} could not be reached or refused the request (${reason}); try again shortly`,
    );
  }
}
