import { MAX_UNITS_PER_LINE } from './cart-rules.ts';
import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import { AppError, notFound } from '#platform/errors.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { mergeCartOnLogIn } from './merge-carts.ts';
import { addToCart, setCartQuantity } from './change-cart.ts';
import { cartOwnerOf, createGuestCart, findCart, findGuestCart, openCart } from './open-cart.ts';
import type { LiveCart } from './cart.repository.ts';
import { priceCart, viewCart, type CartView } from './view-cart.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
const StoreParams = Type.Object({ store: Slug });
const CartToken = Type.String({ minLength: 16, maxLength: 128 });
/** The cart's secret travels in a header, never in a URL (URLs end up in logs and histories). */
export const CartTokenHeaders = Type.Object({ 'x-cart-token': CartToken });
/**
 * Whose cart a request means: a guest's (X-Cart-Token) or a signed-in member's (Authorization:
 * Bearer <session token>). With both, the member's cart is meant.
 */
export const CartOwnerHeaders = Type.Object({
  'x-cart-token': Type.Optional(CartToken),
  ...BearerHeaders.properties,
});
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });

/** A cart as the API returns it: prices in integer cents, computed on the server. */
export const CartJson = Type.Object({
  lines: Type.Array(
    Type.Object({
      variantId: Type.String(),
      sku: Type.String(),
      productName: Type.String(),
      variantTitle: Type.String(),
      quantity: Type.Integer(),
      unitWasCents: Type.Integer(),
      unitNowCents: Type.Integer(),
      lineNowCents: Type.Integer(),
      available: Type.Boolean(),
    }),
  ),
  units: Type.Integer(),
  subtotalWasCents: Type.Integer(),
  subtotalNowCents: Type.Integer(),
  savingsCents: Type.Integer(),
  shippingCents: Type.Integer(),
  totalCents: Type.Integer(),
  currency: Type.String(),
});

const toJson = (cart: CartView) => ({
  lines: cart.lines.map((l) => ({
    variantId: l.variant.variantId,
    sku: l.variant.sku,
    productName: l.variant.productName,
    variantTitle: l.variant.title,
    quantity: l.quantity,
    unitWasCents: l.variant.price.wasCents,
    unitNowCents: l.variant.price.nowCents,
    lineNowCents: l.lineNowCents,
    available: l.available,
  })),
  units: cart.units,
  subtotalWasCents: cart.subtotalWasCents,
  subtotalNowCents: cart.subtotalNowCents,
  savingsCents: cart.savingsCents,
  shippingCents: cart.shippingCents,
  totalCents: cart.totalCents,
  currency: cart.currency,
});

/**
 * The request's cart: a member's is opened on first use; a guest's must exist. Neither a member
 * nor a cart token is a 401 saying what to send.
 */
async function cartOfRequest(ctx: Ctx): Promise<LiveCart> {
  const owner = cartOwnerOf(ctx);
  if (!owner)
    throw new AppError(
      'unauthenticated',
      'send X-Cart-Token (a guest cart from POST /carts) or Authorization: Bearer <session token> (a member)',
    );
  if (owner.kind === 'member') return (await openCart(ctx)).cart;
  const cart = await findCart(ctx);
  if (!cart) throw notFound('cart (unknown or expired X-Cart-Token)');
  return cart;
}

/** The cart JSON API: guest carts by X-Cart-Token, a member's cart by bearer session (SF-5). */
export function cartApiRoutes(app: Http, { inStore }: ModuleDeps): void {
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post(
    '/api/stores/:store/carts',
    {
      schema: {
        tags: ['cart'],
        summary: 'Create an empty guest cart; keep the returned token and send it as X-Cart-Token',
        params: StoreParams,
        response: { 201: Type.Object({ cartToken: Type.String(), cart: CartJson }), ...errors },
      },
    },
    async (req, reply) => {
      const result = await inStore(req, req.params.store, async (ctx) => {
        const { cart, newToken } = await createGuestCart(ctx);
        return { cartToken: newToken!, cart: toJson(priceCart(ctx, cart.id, [], new Map())) }; // new: empty
      });
      return reply.status(201).header('cache-control', 'no-store').send(result);
    },
  );

  app.get(
    '/api/stores/:store/cart',
    {
      schema: {
        tags: ['cart'],
        summary: 'The cart with current prices and totals',
        params: StoreParams,
        headers: CartOwnerHeaders,
        response: { 200: CartJson, ...errors },
      },
    },
    async (req, reply) => {
      const cart = await inStore(req, req.params.store, async (ctx) =>
        toJson(await viewCart(ctx, await cartOfRequest(ctx))),
      );
      return reply.header('cache-control', 'no-store').send(cart);
    },
  );

  app.post(
    '/api/stores/:store/cart/lines',
    {
      schema: {
        tags: ['cart'],
        summary: 'Add units of an item (by SKU or variant id) to the cart',
        params: StoreParams,
        headers: CartOwnerHeaders,
        body: Type.Object(
          {
            sku: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            variantId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
            quantity: Type.Integer({ minimum: 1, maximum: MAX_UNITS_PER_LINE }),
          },
          { additionalProperties: false },
        ),
        response: { 200: CartJson, ...errors },
      },
    },
    async (req, reply) => {
      const cart = await inStore(req, req.params.store, async (ctx) => {
        const cart = await cartOfRequest(ctx);
        const { sku, variantId: given, quantity } = req.body;
        const variant = given ?? (sku ? { sku } : undefined);
        if (!variant) throw notFound('product (send sku or variantId)');
        return toJson(await addToCart(ctx, cart, variant, quantity));
      });
      return reply.header('cache-control', 'no-store').send(cart);
    },
  );

  app.put(
    '/api/stores/:store/cart/lines/:variantId',
    {
      schema: {
        tags: ['cart'],
        summary: 'Set how many units of an item the cart holds (0 removes the line)',
        params: Type.Object({ store: Slug, variantId: Type.String({ minLength: 1, maxLength: 80 }) }),
        headers: CartOwnerHeaders,
        body: Type.Object(
          { quantity: Type.Integer({ minimum: 0, maximum: MAX_UNITS_PER_LINE }) },
          { additionalProperties: false },
        ),
        response: { 200: CartJson, ...errors },
      },
    },
    async (req, reply) => {
      const cart = await inStore(req, req.params.store, async (ctx) => {
        const cart = await cartOfRequest(ctx);
        return toJson(await setCartQuantity(ctx, cart, req.params.variantId, req.body.quantity));
      });
      return reply.header('cache-control', 'no-store').send(cart);
    },
  );

  app.post(
    '/api/stores/:store/cart/claim',
    {
      schema: {
        tags: ['cart'],
        summary: 'After log-in: move a guest cart (X-Cart-Token) into the member’s cart (bearer session)',
        description:
          'Quantities add up, capped at stock and the per-line limit. The guest cart and its token are gone afterwards.',
        params: StoreParams,
        headers: Type.Object({ 'x-cart-token': CartToken, ...BearerHeaders.properties }),
        response: { 200: CartJson, ...errors },
      },
    },
    async (req, reply) => {
      const cart = await inStore(
        req,
        req.params.store,
        async (ctx) => {
          if (ctx.actor.kind !== 'member') throw new AppError('unauthenticated', 'log in first');
          const token = ctx.request?.cartToken;
          const guest = token ? await findGuestCart(ctx, token) : undefined;
          if (!guest) throw notFound('cart (unknown or expired X-Cart-Token)');
          await mergeCartOnLogIn(ctx, ctx.actor.customerId);
          return toJson(await viewCart(ctx, (await openCart(ctx)).cart));
        },
        'member',
      );
      return reply.header('cache-control', 'no-store').send(cart);
    },
  );
}
