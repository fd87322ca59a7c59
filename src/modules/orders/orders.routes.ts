import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#modules/tenants';
import type { Vault } from '#modules/privacy';
import type { PaymentProvider } from '#modules/payments';
import { CartOwnerHeaders, cartOwnerOfRequest } from '#modules/cart';
import {
  BearerHeaders,
  bearerToken,
  memberOfRequest,
  readOwnProfile,
  requireMember,
} from '#modules/accounts';
import type { OrdersCtx } from './orders-ctx.ts';
import { submitCheckout } from './place-order.ts';
import { listMemberOrders, lookUpOrder, viewOrder, type OrderView } from './view-order.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
const StoreParams = Type.Object({ store: Slug });
const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
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

const Address = Type.Object(
  {
    recipientName: Text(100),
    line1: Text(120),
    line2: Type.Optional(Text(120)),
    city: Text(80),
    region: Type.Optional(Text(80)),
    postalCode: Type.Optional(Text(16)),
    countryCode: Type.String({ pattern: '^[A-Za-z]{2}$' }),
    phone: Type.Optional(Text(32)),
  },
  { additionalProperties: false },
);

/** What a checkout posts. Nothing beyond these fields is accepted (PV-3): extra properties are dropped. */
const CheckoutBody = Type.Object(
  {
    /** Where the confirmation goes. A member may leave it out: their account's address is used. */
    email: Type.Optional(Text(254)),
    shippingAddress: Address,
    /** The privacy-policy version the shopper accepted (GET /api/stores/:store/checkout/terms). */
    acceptPrivacyPolicyVersion: Text(32),
    payment: Type.Union([
      Type.Object(
        {
          card: Type.Object(
            {
              number: Type.String({ maxLength: 23 }),
              expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
              expYear: Type.Integer({ minimum: 0, maximum: 9999 }),
              cvc: Type.String({ maxLength: 4 }),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object({ token: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false }),
    ]),
  },
  { additionalProperties: false },
);

const OrderJson = Type.Object({
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
  privacyPolicyVersion: Type.String(),
});
/** The order plus the token that opens it again (send as X-Order-Access); valid 24 hours. */
const OrderWithAccess = Type.Object({ order: OrderJson, orderAccessToken: Type.String() });

const toJson = (o: OrderView) => {
  const { id: _id, history: _history, ...rest } = o;
  return { ...rest, placedAt: o.placedAt.toISOString() };
};

/** The checkout and order JSON API (CK-1, CK-2). */
export function ordersApiRoutes(app: Http, inStore: InStore, vault: Vault, payments: PaymentProvider): void {
  const ordersCtx =
    (req: FastifyRequest, store: string) =>
    <T>(fn: (ctx: OrdersCtx) => Promise<T>) =>
      inStore(req, store, (ctx) => fn({ ...ctx, vault, payments }));

  app.get(
    '/api/stores/:store/checkout/terms',
    {
      schema: {
        tags: ['checkout'],
        summary: 'What a checkout must accept: the current privacy-policy version',
        params: StoreParams,
        response: {
          200: Type.Object({ privacyPolicyVersion: Type.String(), currency: Type.String() }),
          404: ErrorBody,
        },
      },
    },
    async (req) =>
      inStore(req, req.params.store, async (ctx) => ({
        privacyPolicyVersion: ctx.tenant.policy.privacyPolicyVersion,
        currency: ctx.tenant.policy.currency,
      })),
  );

  app.post(
    '/api/stores/:store/checkout',
    {
      // Card-testing bots try many cards quickly; people do not (and declines are throttled too).
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['checkout'],
        summary: 'Place an order from the cart and pay by card',
        description:
          'Send X-Cart-Token (guest) or Authorization: Bearer <session token> (member: the order joins their history), and an Idempotency-Key (8–80 letters, digits, - or _). Retrying with the same key returns the same order (status 200, Idempotent-Replayed: true) and never charges twice. A declined card answers 402 and leaves no order. After 5 declines for one cart, or 10 from one client address, within an hour, checkout answers 429 for an hour without contacting the payment provider; at most 20 checkout requests per minute per client address. Card details go to the payment provider only; Pledge stores its charge id.',
        params: StoreParams,
        headers: Type.Object({
          ...CartOwnerHeaders.properties,
          'idempotency-key': Type.String({ pattern: '^[A-Za-z0-9_-]{8,80}$' }),
        }),
        body: CheckoutBody,
        response: { 201: OrderWithAccess, 200: OrderWithAccess, ...errors },
      },
    },
    async (req, reply) => {
      const headers = req.headers as Record<string, string>;
      const run = ordersCtx(req, req.params.store);
      const body = req.body;
      // A guest needs no database read to be named; a member's session must be checked.
      const guestToken = bearerToken(headers) === undefined ? headers['x-cart-token'] : undefined;
      const { owner, accountEmail } = guestToken
        ? { owner: { kind: 'anonymous' as const, token: guestToken }, accountEmail: undefined }
        : await run(async (ctx) => {
            const owner = await cartOwnerOfRequest(ctx, headers);
            const accountEmail =
              owner.kind === 'member' && body.email === undefined
                ? (await readOwnProfile(ctx, owner.customerId))?.email
                : undefined;
            return { owner, accountEmail };
          });
      const placed = await submitCheckout(payments, run, {
        owner,
        idempotencyKey: headers['idempotency-key']!,
        email: body.email ?? accountEmail ?? '',
        address: body.shippingAddress,
        acceptedPolicyVersion: body.acceptPrivacyPolicyVersion,
        payment: 'card' in body.payment ? { card: body.payment.card } : { token: body.payment.token },
        source: req.ip,
      });
      const order =
        placed.view ??
        (await run((ctx) => viewOrder(ctx, placed.number, { accessToken: placed.accessToken })));
      return reply
        .status(placed.replayed ? 200 : 201)
        .header('cache-control', 'no-store')
        .header('idempotent-replayed', String(placed.replayed))
        .send({ order: toJson(order), orderAccessToken: placed.accessToken });
    },
  );

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
      const run = ordersCtx(req, req.params.store);
      const result = await run(async (ctx) => {
        const found = await lookUpOrder(ctx, req.body.number, req.body.email);
        return {
          order: toJson(await viewOrder(ctx, found.number, found)),
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
        headers: Type.Object({
          'x-order-access': Type.Optional(Type.String({ minLength: 16, maxLength: 128 })),
          ...BearerHeaders.properties,
        }),
        response: { 200: Type.Object({ order: OrderJson }), ...errors },
      },
    },
    async (req, reply) => {
      const accessToken = (req.headers as Record<string, string>)['x-order-access'];
      const order = await ordersCtx(
        req,
        req.params.store,
      )(async (ctx) =>
        viewOrder(ctx, req.params.number, {
          accessToken,
          customerId: await memberOfRequest(ctx, req.headers),
        }),
      );
      return reply.header('cache-control', 'no-store').send({ order: toJson(order) });
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
      const orders = await ordersCtx(
        req,
        req.params.store,
      )(async (ctx) => listMemberOrders(ctx, await requireMember(ctx, req.headers)));
      return reply
        .header('cache-control', 'no-store')
        .send({ orders: orders.map((o) => ({ ...o, placedAt: o.placedAt.toISOString() })) });
    },
  );
}
