import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { AppError } from '#platform/errors.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { emptyBodyMeansDefaults, ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import { refusalsRecorded } from '#modules/privacy';
import { OrderAccessHeaders } from '#modules/orders';
import { shipOrder } from './ship-order.ts';
import { parcelLabel, recentParcels, trackOrder, type ParcelView } from './shipment-views.ts';
import { recordTrackingEvent } from './record-tracking-event.ts';
import { webhookSignatureValid } from './tracking-webhook.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  503: ErrorBody,
};
const OrderNumber = Type.String({ minLength: 1, maxLength: 20 });
const DateTime = Type.String({ format: 'date-time' });

/** A parcel in the JSON API. */
const ParcelJson = Type.Object({
  direction: Type.String(),
  orderNumber: Type.String(),
  carrier: Type.String(),
  trackingNumber: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  shippedAt: DateTime,
  expectedBy: Type.Union([DateTime, Type.Null()]),
  deliveredAt: Type.Union([DateTime, Type.Null()]),
  late: Type.Boolean(),
  customsDeclared: Type.Boolean(),
  events: Type.Array(
    Type.Object({
      kind: Type.String(),
      label: Type.String(),
      at: DateTime,
      location: Type.String(),
      detail: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/** A parcel as JSON. */
export const parcelJson = (p: ParcelView) => ({
  ...p,
  shippedAt: p.shippedAt.toISOString(),
  expectedBy: p.expectedBy?.toISOString() ?? null,
  deliveredAt: p.deliveredAt?.toISOString() ?? null,
  events: p.events.map((e) => ({ ...e, at: e.at.toISOString() })),
});

/** Shipping's API: the warehouse ships, staff follow parcels, shoppers track, the provider reports. */
export function shippingRoutes(app: Http, { inStore, asSystem }: ModuleDeps): void {
  app.post(
    '/api/admin/stores/:store/orders/:number/shipments',
    {
      config: { auth: { staff: ['warehouse', 'owner'] as const } },
      preValidation: emptyBodyMeansDefaults,
      schema: {
        tags: ['admin'],
        summary: 'Ship an order: buy the label from the carrier and answer its tracking number (CK-4)',
        description:
          'The carrier receives, through the sharing gate, only the recipient’s name, address and phone, the parcel’s weight, the warehouse country and — for a parcel to another country — the customs declaration (description, HS code, quantity, value, origin). The order becomes shipped. Shipping an order again answers the same parcel (200). A gate refusal (no active carrier, or a field outside its agreement) is 503 and recorded. weightGrams defaults to 1000.',
        params: Type.Object({ store: StoreSlug, number: OrderNumber }),
        headers: BearerHeaders,
        body: Type.Object(
          { weightGrams: Type.Optional(Type.Integer({ minimum: 1, maximum: 70_000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: ShippedJson(),
          201: ShippedJson(),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { store, number } = req.params;
      const parcel = await refusalsRecorded(
        (fn) => inStore(req, store, fn),
        (ctx) => shipOrder(ctx, number, { weightGrams: req.body.weightGrams }),
      );
      return reply
        .code(parcel.created ? 201 : 200)
        .header('cache-control', 'no-store')
        .send({
          number: parcel.number,
          trackingNumber: parcel.trackingNumber,
          carrier: parcel.carrier,
          expectedBy: parcel.expectedBy?.toISOString() ?? null,
          customsDeclared: parcel.customsDeclared,
          labelUrl: `/api/admin/stores/${store}/shipments/${parcel.trackingNumber}/label`,
        });
    },
  );

  app.get(
    '/api/admin/stores/:store/shipments',
    {
      config: { auth: { staff: ['warehouse', 'owner', 'customer_service', 'compliance'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Recent parcels with their scans, promised day and lateness (no address)',
        params: StoreParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        headers: BearerHeaders,
        response: { 200: Type.Object({ parcels: Type.Array(ParcelJson) }), ...errors },
      },
    },
    async (req, reply) => {
      const parcels = await inStore(req, req.params.store, (ctx) => recentParcels(ctx, req.query.limit));
      return reply.header('cache-control', 'no-store').send({ parcels: parcels.map(parcelJson) });
    },
  );

  app.get(
    '/api/admin/stores/:store/shipments/:trackingNumber/label',
    {
      config: { auth: { staff: ['warehouse', 'owner', 'compliance'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'The printable label of a parcel (SVG; warehouse and compliance; audited)',
        params: Type.Object({
          store: StoreSlug,
          trackingNumber: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        headers: BearerHeaders,
        response: { 200: Type.String(), ...errors },
      },
    },
    async (req, reply) => {
      const svg = await inStore(req, req.params.store, (ctx) => parcelLabel(ctx, req.params.trackingNumber));
      return reply
        .header('cache-control', 'no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .type('image/svg+xml')
        .send(svg);
    },
  );

  app.get(
    '/api/stores/:store/orders/:number/tracking',
    {
      schema: {
        tags: ['orders'],
        summary: 'Track an order’s parcels (member who placed it, or holder of X-Order-Access)',
        params: Type.Object({ store: StoreSlug, number: OrderNumber }),
        headers: OrderAccessHeaders,
        response: {
          200: Type.Object({ number: Type.String(), status: Type.String(), parcels: Type.Array(ParcelJson) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { order, parcels } = await inStore(req, req.params.store, (ctx) =>
        trackOrder(ctx, req.params.number),
      );
      return reply
        .header('cache-control', 'no-store')
        .send({ number: order.number, status: order.status, parcels: parcels.map(parcelJson) });
    },
  );

  // The tracking provider's webhook. Its signature covers the raw body, so this route reads the
  // body as text (in its own scope) and parses it after checking.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, { raw: body as string, json: JSON.parse(body as string) as unknown });
      } catch {
        done(new AppError('invalid', 'the body is not JSON'), undefined);
      }
    });
    scope.post(
      '/api/webhooks/tracking/:store',
      {
        config: { auth: 'none' },
        schema: {
          hide: true,
          params: StoreParams,
          headers: Type.Object({ 'x-tracking-signature': Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (req, reply) => {
        const { raw, json } = (req.body ?? {}) as { raw?: string; json?: unknown };
        const { store } = req.params as { store: string };
        const signature = req.headers['x-tracking-signature'];
        const recorded = await asSystem(store, 'shipping.tracking-webhook', async (ctx) => {
          const secret = ctx.shipping.trackingWebhookSecret;
          if (!secret)
            throw new AppError('unavailable', 'tracking webhooks are not configured on this server');
          if (
            !webhookSignatureValid(
              secret,
              typeof signature === 'string' ? signature : undefined,
              raw ?? '',
              ctx.now(),
            )
          )
            throw new AppError('unauthenticated', 'the webhook signature is missing, wrong or too old');
          const scan = parseScan(json);
          return recordTrackingEvent(ctx, scan);
        });
        return reply.send({ recorded });
      },
    );
  });
}

function ShippedJson() {
  return Type.Object({
    number: Type.String(),
    trackingNumber: Type.String(),
    carrier: Type.String(),
    expectedBy: Type.Union([DateTime, Type.Null()]),
    customsDeclared: Type.Boolean(),
    labelUrl: Type.String(),
  });
}

/** A webhook body checked against the scan schema (after its signature was). */
function parseScan(json: unknown) {
  const b = json as Record<string, unknown> | null;
  const ok =
    b !== null &&
    typeof b === 'object' &&
    typeof b.event_id === 'string' &&
    b.event_id.length <= 100 &&
    typeof b.tracking_number === 'string' &&
    b.tracking_number.length <= 40 &&
    typeof b.kind === 'string' &&
    typeof b.occurred_at === 'string' &&
    typeof b.location === 'string' &&
    (b.detail === undefined || typeof b.detail === 'string');
  const at = ok ? new Date(b.occurred_at as string) : undefined;
  if (!ok || !at || Number.isNaN(at.getTime()))
    throw new AppError('invalid', 'a scan needs event_id, tracking_number, kind, occurred_at and location');
  return {
    eventId: b.event_id as string,
    trackingNumber: b.tracking_number as string,
    kind: b.kind as string,
    occurredAt: at,
    location: b.location as string,
    detail: b.detail as string | undefined,
  };
}
