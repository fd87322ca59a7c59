import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import { requireSameOrigin } from '#platform/http/same-origin.ts';
import { AppError, notFound } from '#platform/errors.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { basePathOf } from '#modules/tenants';
import {
  addToCart,
  CART_DAYS,
  findCart,
  MAX_UNITS_PER_LINE,
  openCart,
  setCartQuantity,
  viewCart,
} from '#modules/cart';
import { variantIdOfSku } from '#modules/catalog';
import { renderPage } from './render.ts';
import { CartPage } from './pages/cart.tsx';
import { CART_COOKIE, cookiePath, pageFrame, StoreParams } from './store-request.ts';

const LineBody = (min: number) =>
  Type.Object({
    sku: Type.String({ minLength: 1, maxLength: 80 }),
    quantity: Type.Integer({ minimum: min, maximum: MAX_UNITS_PER_LINE }),
  });

/** Cart pages (SF-5). Forms are protected by a same-origin check, so browsing stays cookie-free. */
export function cartRoutes(app: Http, { inStore, settings }: ModuleDeps): void {
  const { behindTls } = settings;
  async function renderCart(
    ctx: Ctx,
    request: FastifyRequest,
    problem?: string,
    done?: { added: string } | { removed: true },
  ): Promise<string> {
    const found = await findCart(ctx);
    const cart = found ? await viewCart(ctx, found.id) : undefined;
    const frame = await pageFrame(ctx, request);
    return renderPage(<CartPage frame={frame} cart={cart} done={done} {...(problem ? { problem } : {})} />);
  }

  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

  app.get(
    '/s/:store/cart',
    {
      schema: {
        hide: true,
        params: StoreParams,
        // After an action the cart says what it did (the SKU is not personal; it names a product).
        querystring: Type.Object({
          added: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,60}$' })),
          removed: Type.Optional(Type.Literal('1')),
        }),
      },
    },
    async (req, reply) => {
      const done = req.query.added
        ? { added: req.query.added }
        : req.query.removed
          ? { removed: true as const }
          : undefined;
      return send(
        reply,
        200,
        await inStore(req, req.params.store, (ctx) => renderCart(ctx, req, undefined, done)),
      );
    },
  );

  const change = (mode: 'add' | 'set') => async (req: FastifyRequest, reply: FastifyReply) => {
    // The route schemas below have validated both already.
    const { store } = req.params as { store: string };
    const body = req.body as { sku: string; quantity: number };
    try {
      const newToken = await inStore(req, store, async (ctx) => {
        const variantId = await variantIdOfSku(ctx, body.sku);
        if (!variantId) throw notFound('product', body.sku);
        const { cartId, newToken } = await openCart(ctx);
        if (mode === 'add') await addToCart(ctx, cartId, variantId, body.quantity);
        else await setCartQuantity(ctx, cartId, variantId, body.quantity);
        return newToken;
      });
      if (newToken) {
        void reply.setCookie(CART_COOKIE, newToken, {
          path: cookiePath(req, store),
          httpOnly: true,
          sameSite: 'lax',
          secure: behindTls,
          maxAge: CART_DAYS * 86_400,
        });
      }
      const after =
        mode === 'add' ? `?added=${encodeURIComponent(body.sku)}` : body.quantity === 0 ? '?removed=1' : '';
      return reply.redirect(`${basePathOf(req, store)}/cart${after}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['invalid', 'conflict', 'not_found'].includes(error.kind))
        throw error;
      const html = await inStore(req, store, (ctx) => renderCart(ctx, req, error.message));
      return send(reply, error.kind === 'conflict' ? 409 : error.kind === 'not_found' ? 404 : 400, html);
    }
  };

  app.post(
    '/s/:store/cart/add',
    { schema: { hide: true, params: StoreParams, body: LineBody(1) }, preHandler: requireSameOrigin },
    change('add'),
  );
  app.post(
    '/s/:store/cart/update',
    { schema: { hide: true, params: StoreParams, body: LineBody(0) }, preHandler: requireSameOrigin },
    change('set'),
  );
}
