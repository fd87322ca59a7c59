import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { listMemberOrders, lookUpOrder, viewOrder, type OrderView } from './view-order.ts';
import { changeShippingAddress } from './change-shipping-address.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
const StoreParams = Type.Object({ store: Slug });
const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
/** Who may open an order: the member's bearer session, or the holder of its access token. */
export const OrderAccessHeaders = Type.Object({
  'x-order-access': Type.Optional(Type.String({ minLength: 16, maxLength: 128 })),
  ...BearerHeaders.properties,
});
const errors = {
  400: ErrorBody,
  401: ErrorBody,
  402: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};
const Text = (max: number) => Type.String({ maxLength: max });

/** An order in the JSON API. */
export const OrderJson = Type.Object({
  number: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  placedAt: Type.String({ format: 'date-time' }),
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      productName: Type.String(),
      variantTitle: Type.String(),
      quantity: Type.Integer(),
      unitWasCents: Type.Integer(),
      unitNowCents: Type.Integer(),
      lineNowCents: Type.Integer(),
    }),
  ),
  subtotalWasCents: Type.Integer(),
  subtotalNowCents: Type.Integer(),
  savingsCents: Type.Integer(),
  shippingCents: Type.Integer(),
  totalCents: Type.Integer(),
  contactEmail: Type.Union([Type.String(), Type.Null()]),
  shipTo: Type.Object({
    recipientName: Type.Union([Type.String(), Type.Null()]),
    line1: Type.Union([Type.String(), Type.Null()]),
    line2: Type.Union([Type.String(), Type.Null()]),
    city: Type.Union([Type.String(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
    postalCode: Type.Union([Type.String(), Type.Null()]),
    countryCode: Type.String(),
    countryName: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
  }),
  privacyPolicyVersion: Type.Union([Type.String(), Type.Null()]),
});
/** The order plus the token that opens it again (send as X-Order-Access); valid 24 hours. */
export const OrderWithAccess = Type.Object({ order: OrderJson, orderAccessToken: Type.String() });

/** An order as the API answers it. */
export const orderToJson = (o: OrderView) => {
  const { id: _id, history: _history, ...rest } = o;
  return { ...rest, placedAt: o.placedAt.toISOString() };
};

/** The order JSON API (CK-2): guest lookup, one order, a member's history. */
export function ordersApiRoutes(app: Http, { inStore }: ModuleDeps): void {
  app.post(
    '/api/stores/:store/orders/lookup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['orders'],
        summary: 'Find a guest order by its number and the e-mail address given at checkout',
        params: StoreParams,
        body: Type.Object({ number: Text(20), email: Text(254) }, { additionalProperties: false }),
        response: { 200: OrderWithAccess, ...errors },
      },
    },
    async (req, reply) => {
      const result = await inStore(req, req.params.store, async (ctx) => {
        const found = await lookUpOrder(ctx, req.body.number, req.body.email);
        // The lookup just granted access: the view reads as that grant's holder.
        const granted = { ...ctx, request: { source: '', ...ctx.request, grantedOrderId: found.orderId } };
        return {
          order: orderToJson(await viewOrder(granted, found.number)),
          orderAccessToken: found.accessToken,
        };
      });
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.get(
    '/api/stores/:store/orders/:number',
    {
      schema: {
        tags: ['orders'],
        summary:
          'An order, for the member who placed it (bearer session) or the holder of its access token (X-Order-Access)',
        params: Type.Object({ store: Slug, number: Text(20) }),
        headers: OrderAccessHeaders,
        response: { 200: Type.Object({ order: OrderJson }), ...errors },
      },
    },
    async (req, reply) => {
      const order = await inStore(req, req.params.store, (ctx) => viewOrder(ctx, req.params.number));
      return reply.header('cache-control', 'no-store').send({ order: orderToJson(order) });
    },
  );

  app.put(
    '/api/stores/:store/orders/:number/shipping-address',
    {
      schema: {
        tags: ['orders'],
        summary: 'Change the recipient address until the order ships (member or holder of X-Order-Access)',
        description:
          'The address is checked against its country’s rules (400 naming each field). After the order has shipped, or when it is cancelled, 409 with a plain reason.',
        params: Type.Object({ store: Slug, number: Text(20) }),
        headers: OrderAccessHeaders,
        body: Type.Object(
          {
            recipientName: Text(100),
            line1: Text(120),
            line2: Type.Optional(Text(120)),
            city: Type.Optional(Text(80)),
            region: Type.Optional(Text(80)),
            postalCode: Type.Optional(Text(16)),
            countryCode: Text(2),
            phone: Type.Optional(Text(32)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ order: OrderJson }), ...errors },
      },
    },
    async (req, reply) => {
      const order = await inStore(req, req.params.store, async (ctx) => {
        await changeShippingAddress(ctx, req.params.number, { ...req.body, city: req.body.city ?? '' });
        return viewOrder(ctx, req.params.number);
      });
      return reply.header('cache-control', 'no-store').send({ order: orderToJson(order) });
    },
  );

  app.get(
    '/api/stores/:store/me/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'The signed-in member’s orders, newest first',
        params: StoreParams,
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            orders: Type.Array(
              Type.Object({
                number: Type.String(),
                status: Type.String(),
                statusLabel: Type.String(),
                placedAt: Type.String({ format: 'date-time' }),
                totalCents: Type.Integer(),
                currency: Type.String(),
                units: Type.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const orders = await inStore(req, req.params.store, (ctx) => listMemberOrders(ctx), 'member');
      return reply
        .header('cache-control', 'no-store')
        .send({ orders: orders.map((o) => ({ ...o, placedAt: o.placedAt.toISOString() })) });
    },
  );
}
