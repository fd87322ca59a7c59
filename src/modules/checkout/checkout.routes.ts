import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { CartOwnerHeaders } from '#modules/cart';
import { OrderWithAccess, orderToJson, viewOrder } from '#modules/orders';
import { submitCheckout } from './place-order.ts';
import { policyVersionInEffect } from '#modules/privacy';

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

/** The checkout JSON API (CK-1). */
export function checkoutApiRoutes(app: Http, { inStore }: ModuleDeps): void {
  app.get(
    '/api/stores/:store/checkout/terms',
    {
      config: { auth: 'none' },
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
        privacyPolicyVersion: policyVersionInEffect(ctx.tenant.policy, ctx.now()).version,
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
          'Send X-Cart-Token (guest) or Authorization: Bearer <session token> (member: the order joins their history), and an Idempotency-Key (8–80 letters, digits, - or _). Retrying with the same key returns the same order (status 200, Idempotent-Replayed: true) and never charges twice; submitting the same cart again with another key (a second tab) answers the first order too, or 409 while it is still being paid. A declined card answers 402 and leaves no order. After 5 declines for one cart, or 10 from one client address, within an hour, checkout answers 429 for an hour without contacting the payment provider; at most 20 checkout requests per minute per client address. Card details go to the payment provider only; Pledge records its charge id, sealed, in the payments ledger.',
        params: StoreParams,
        headers: Type.Object({
          ...CartOwnerHeaders.properties,
          ...BearerHeaders.properties,
          'idempotency-key': Type.String({ pattern: '^[A-Za-z0-9_-]{8,80}$' }),
        }),
        body: CheckoutBody,
        response: { 201: OrderWithAccess, 200: OrderWithAccess, ...errors },
      },
    },
    async (req, reply) => {
      const run = <T>(fn: Parameters<typeof inStore<T>>[2]) => inStore(req, req.params.store, fn);
      const body = req.body;
      const placed = await submitCheckout(run, {
        idempotencyKey: (req.headers as Record<string, string>)['idempotency-key']!,
        email: body.email ?? '',
        address: body.shippingAddress,
        acceptedPolicyVersion: body.acceptPrivacyPolicyVersion,
        payment: 'card' in body.payment ? { card: body.payment.card } : { token: body.payment.token },
      });
      const order =
        placed.view ??
        (await run((ctx) =>
          viewOrder(
            { ...ctx, request: { source: '', ...ctx.request, grantedOrderId: placed.orderId } },
            placed.number,
          ),
        ));
      return reply
        .status(placed.replayed ? 200 : 201)
        .header('cache-control', 'no-store')
        .header('idempotent-replayed', String(placed.replayed))
        .send({ order: orderToJson(order), orderAccessToken: placed.accessToken });
    },
  );
}
