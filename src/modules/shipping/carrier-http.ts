import { invalid } from '#platform/errors.ts';
import type { SharePermit } from '#modules/privacy';
import {
  OutsideServiceFailed,
  type BoughtLabel,
  type Carrier,
  type LabelShare,
  type TrackingProvider,
  type TrackingShare,
} from './carrier.ts';

/** Where an outside service is and how Pledge signs in to it. */
export interface ServiceEndpoint {
  /** Its API's base URL; a function because the built-in emulators' address is known only once the server listens. */
  baseUrl: () => string | undefined;
  apiKey: string;
}

const TIMEOUT_MS = 15_000;

async function call(
  service: string,
  endpoint: ServiceEndpoint,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const base = endpoint.baseUrl();
  if (!base) throw new OutsideServiceFailed(service, 'no address is configured');
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${endpoint.apiKey}`,
        'user-agent': 'Pledge',
        ...headers,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new OutsideServiceFailed(service, 'unreachable');
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, json };
}

/** A carrier's label API over HTTP (the built-in emulator speaks it; a real carrier's adapter would map the same permit). */
export class HttpCarrier implements Carrier {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  async buyLabel(
    permit: SharePermit<LabelShare>,
    request: { direction: 'outbound' | 'return'; idempotencyKey: string },
  ): Promise<BoughtLabel> {
    const p = permit.payload;
    const body = {
      reference: p.order_ref,
      direction: request.direction,
      ship_from_country: p.ship_from_country,
      address: {
        name: p['orders.shipping_address.recipient_name'],
        line1: p['orders.shipping_address.street_line1'],
        line2: p['orders.shipping_address.street_line2'] ?? null,
        city: p['orders.shipping_address.city'] ?? null,
        region: p['orders.shipping_address.region'] ?? null,
        postal_code: p['orders.shipping_address.postal_code'] ?? null,
        country_code: p['orders.shipping_address.country_code'],
        phone: p['orders.shipping_address.phone'] ?? null,
      },
      parcel: { weight_grams: p.parcel_weight_grams },
      ...(p.customs_declaration
        ? {
            customs: {
              items: p.customs_declaration.map((i) => ({
                description: i.description,
                hs_code: i.hsCode,
                quantity: i.quantity,
                value_cents: i.valueCents,
                currency: i.currency,
                origin_country: i.originCountry,
              })),
            },
          }
        : {}),
    };
    const { status, json } = await call('carrier', this.endpoint, '/v1/labels', body, {
      'idempotency-key': request.idempotencyKey,
    });
    if (status === 422 || status === 400)
      // The carrier's own words about the request (they name a rule, e.g. a missing customs declaration).
      throw invalid(
        `the carrier refused the label: ${(typeof json.message === 'string' ? json.message : `status ${status}`).slice(0, 200)}`,
      );
    if (status !== 200 && status !== 201) throw new OutsideServiceFailed('carrier', `status ${status}`);
    const label = json.label as { data?: unknown } | undefined;
    if (
      typeof json.tracking_number !== 'string' ||
      typeof json.label_id !== 'string' ||
      typeof label?.data !== 'string'
    )
      throw new OutsideServiceFailed('carrier', 'an answer without a tracking number or label');
    const eta = typeof json.estimated_delivery === 'string' ? new Date(json.estimated_delivery) : undefined;
    return {
      labelId: json.label_id,
      trackingNumber: json.tracking_number,
      carrier: typeof json.carrier === 'string' ? json.carrier : 'carrier',
      label: label.data,
      estimatedDelivery: eta && !Number.isNaN(eta.getTime()) ? eta : undefined,
    };
  }
}

/** A tracking provider's registration API over HTTP. */
export class HttpTrackingProvider implements TrackingProvider {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  async register(permit: SharePermit<TrackingShare>): Promise<void> {
    const { status } = await call('tracking provider', this.endpoint, '/v1/trackings', permit.payload);
    if (status !== 200 && status !== 201)
      throw new OutsideServiceFailed('tracking provider', `status ${status}`);
  }
}
