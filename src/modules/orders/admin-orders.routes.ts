import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import { UNMASK_REASONS } from '#modules/privacy';
import {
  listOrdersForStaff,
  orderForStaff,
  ordersByEmailForStaff,
  packingQueue,
  unmaskOrderField,
  type StaffOrderView,
} from './staff-order-views.ts';
import { startPacking } from './start-packing.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };
const Status = Type.Union(
  ['paid', 'processing', 'shipped', 'delivered', 'cancelled'].map((s) => Type.Literal(s)),
);
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Optional(Type.Union([t, Type.Null()]));

/** An order as a staff role sees it: absent fields are the ones the role may not see. */
const StaffOrder = Type.Object({
  number: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  channel: Type.Optional(Type.String()),
  placedAt: Type.Optional(Type.String({ format: 'date-time' })),
  currency: Type.Optional(Type.String()),
  totalCents: Type.Optional(Type.Integer()),
  shippingCents: Type.Optional(Type.Integer()),
  contactEmail: Nullable(Type.String()),
  shipTo: Type.Optional(
    Type.Object({
      recipientName: Nullable(Type.String()),
      line1: Nullable(Type.String()),
      line2: Nullable(Type.String()),
      city: Nullable(Type.String()),
      region: Nullable(Type.String()),
      postalCode: Nullable(Type.String()),
      countryCode: Nullable(Type.String()),
      phone: Nullable(Type.String()),
    }),
  ),
  lines: Type.Optional(
    Type.Array(
      Type.Object({
        sku: Type.String(),
        productName: Type.String(),
        variantTitle: Type.String(),
        quantity: Type.Integer(),
      }),
    ),
  ),
});

function toJson(v: StaffOrderView) {
  const s = v.shipTo;
  return {
    number: v.number,
    status: v.status,
    statusLabel: v.statusLabel,
    channel: v.channel,
    placedAt: v.placedAt?.toISOString(),
    currency: v.currency,
    totalCents: v.totalCents,
    shippingCents: v.shippingCents,
    contactEmail: v.contactEmail,
    shipTo: s
      ? {
          recipientName: s.recipient_name,
          line1: s.street_line1,
          line2: s.street_line2,
          city: s.city,
          region: s.region,
          postalCode: s.postal_code,
          countryCode: s.country_code,
          phone: s.phone,
        }
      : undefined,
    lines: v.lines,
  };
}

/**
 * The back office's order API (AC-1..6): list and detail with the acting role's view of every
 * field, decided by the data inventory; every personal value shown is audited. Operations sees
 * no individual order.
 */
export function adminOrdersRoutes(app: Http, { inStore }: ModuleDeps): void {
  const roles = ['owner', 'warehouse', 'customer_service', 'finance', 'compliance'] as const;
  app.get(
    '/api/admin/stores/:store/orders',
    {
      config: { auth: { staff: roles } },
      schema: {
        tags: ['admin'],
        summary: 'Recent orders, as the signed-in role may see them',
        description:
          'Warehouse: what is to be packed; customer service: numbers, dates, statuses, totals and masked contact; finance: amounts; compliance and owner: per the inventory. Fields a role may not see are absent.',
        params: StoreParams,
        querystring: Type.Object({
          status: Type.Optional(Status),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        headers: BearerHeaders,
        response: { 200: Type.Object({ orders: Type.Array(StaffOrder) }), ...errors },
      },
    },
    async (req, reply) => {
      const { status, limit } = req.query as { status?: 'paid'; limit?: number };
      const orders = await inStore(req, req.params.store, (ctx) =>
        listOrdersForStaff(ctx, { limit, statuses: status ? [status] : undefined }),
      );
      return reply.header('cache-control', 'no-store').send({ orders: orders.map(toJson) });
    },
  );
  app.get(
    '/api/admin/stores/:store/packing-queue',
    {
      config: { auth: { staff: ['warehouse', 'owner'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Orders to pack, oldest first, each with its processing deadline in working days (CK-3)',
        description:
          'dueBy is the end of the last working day (weekends and the store’s holidays do not count) of the store’s promised processing time; late orders are flagged and counted.',
        params: StoreParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            late: Type.Integer(),
            parcels: Type.Array(
              Type.Intersect([
                StaffOrder,
                Type.Object({
                  dueBy: Type.String({ format: 'date-time' }),
                  late: Type.Boolean(),
                  workingDaysLeft: Type.Integer(),
                }),
              ]),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const queue = await inStore(req, req.params.store, (ctx) =>
        packingQueue(ctx, { limit: req.query.limit }),
      );
      return reply.header('cache-control', 'no-store').send({
        late: queue.late,
        parcels: queue.parcels.map((p) => ({
          ...toJson(p),
          dueBy: p.dueBy.toISOString(),
          late: p.late,
          workingDaysLeft: p.workingDaysLeft,
        })),
      });
    },
  );
  app.post(
    '/api/admin/stores/:store/orders/:number/start-packing',
    {
      config: { auth: { staff: ['warehouse', 'owner'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Start packing an order: paid → processing (again: no change; shipped or cancelled: 409)',
        params: Type.Object({ store: StoreSlug, number: Type.String({ minLength: 1, maxLength: 20 }) }),
        headers: BearerHeaders,
        response: {
          200: Type.Object({ number: Type.String(), status: Type.String() }),
          ...errors,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const status = await inStore(req, req.params.store, (ctx) => startPacking(ctx, req.params.number));
      return reply.header('cache-control', 'no-store').send({ number: req.params.number, status });
    },
  );
  app.get(
    '/api/admin/stores/:store/orders/:number',
    {
      config: { auth: { staff: roles } },
      schema: {
        tags: ['admin'],
        summary: 'One order, as the signed-in role may see it',
        params: Type.Object({ store: StoreSlug, number: Type.String({ maxLength: 40 }) }),
        headers: BearerHeaders,
        response: { 200: StaffOrder, ...errors },
      },
    },
    async (req, reply) => {
      const view = await inStore(req, req.params.store, (ctx) => orderForStaff(ctx, req.params.number));
      return reply.header('cache-control', 'no-store').send(toJson(view));
    },
  );
  app.post(
    '/api/admin/stores/:store/orders/:number/unmask',
    {
      config: { auth: { staff: ['customer_service'] } },
      schema: {
        tags: ['admin'],
        summary: 'Customer service: one masked field of one order in clear, with a reason',
        description: `One field per request, with a reason (${UNMASK_REASONS.join(', ')}) and the case or ticket reference; at most 10 per staff user per hour. Each unmask is audited with the field, reason and reference.`,
        params: Type.Object({ store: StoreSlug, number: Type.String({ maxLength: 40 }) }),
        headers: BearerHeaders,
        body: Type.Object(
          {
            field: Type.Union([
              Type.Literal('contact_email'),
              Type.Literal('recipient_name'),
              Type.Literal('street_line1'),
              Type.Literal('street_line2'),
              Type.Literal('city'),
              Type.Literal('postal_code'),
              Type.Literal('phone'),
            ]),
            reason: Type.Union([
              Type.Literal('delivery_problem'),
              Type.Literal('return_or_refund'),
              Type.Literal('payment_query'),
              Type.Literal('complaint'),
              Type.Literal('identity_check'),
            ]),
            reference: Type.String({ minLength: 1, maxLength: 40 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ field: Type.String(), value: Type.Union([Type.String(), Type.Null()]) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { field, reason, reference } = req.body;
      const value = await inStore(req, req.params.store, (ctx) =>
        unmaskOrderField(ctx, req.params.number, field, { reason, reference }),
      );
      return reply.header('cache-control', 'no-store').send({ field, value });
    },
  );
  app.post(
    '/api/admin/stores/:store/customers/lookup',
    {
      config: { auth: { staff: ['customer_service'] } },
      schema: {
        tags: ['admin'],
        summary: 'Customer service: the orders of one exact e-mail address (masked)',
        description:
          'The address travels in the body, never the URL; it is matched through the blind index. Up to 20 orders, shown as customer service sees them; the lookup is audited.',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object(
          { email: Type.String({ minLength: 3, maxLength: 254 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ orders: Type.Array(StaffOrder) }), ...errors },
      },
    },
    async (req, reply) => {
      const orders = await inStore(req, req.params.store, (ctx) =>
        ordersByEmailForStaff(ctx, req.body.email),
      );
      return reply.header('cache-control', 'no-store').send({ orders: orders.map(toJson) });
    },
  );
}
