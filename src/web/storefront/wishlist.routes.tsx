import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import { requireSameOrigin } from '#platform/http/same-origin.ts';
import { basePathOf, type InStore, type TenantCtx } from '#modules/tenants';
import type { Vault } from '#modules/privacy';
import { customerOfSession } from '#modules/accounts';
import { listWishlist, removeFromWishlist, saveToWishlist } from '#modules/wishlist';
import { listCategories } from '#modules/catalog';
import { renderPage } from './render.ts';
import { WishlistPage } from './pages/wishlist.tsx';
import { SESSION_COOKIE } from './account.routes.tsx';

const StoreParams = Type.Object({ store: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 }) });
const SlugBody = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 }) });

/** Wishlist pages (SF-5), for signed-in members; visitors are sent to log in first. */
export function wishlistRoutes(app: Http, inStore: InStore, vault: Vault): void {
  const memberOf = async (ctx: TenantCtx, request: FastifyRequest) => {
    const token = request.cookies[SESSION_COOKIE];
    return token ? (await customerOfSession({ ...ctx, vault }, token))?.customerId : undefined;
  };
  const toLogIn = (reply: FastifyReply, request: FastifyRequest, store: string) =>
    reply.header('cache-control', 'no-store').redirect(`${basePathOf(request, store)}/account/login`, 303);

  app.get(
    '/s/:store/account/wishlist',
    { schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const { store } = req.params;
      const html = await inStore(req, store, async (ctx) => {
        const customerId = await memberOf(ctx, req);
        if (!customerId) return null;
        const frame = {
          tenant: ctx.tenant,
          base: basePathOf(req, store),
          categories: await listCategories(ctx),
        };
        return renderPage(<WishlistPage frame={frame} items={await listWishlist(ctx, customerId)} />);
      });
      if (html === null) return toLogIn(reply, req, store);
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    },
  );

  for (const [action, run] of [
    ['save', saveToWishlist],
    ['remove', removeFromWishlist],
  ] as const) {
    app.post(
      `/s/:store/wishlist/${action}`,
      { schema: { hide: true, params: StoreParams, body: SlugBody }, preHandler: requireSameOrigin },
      async (req, reply) => {
        const { store } = req.params;
        const done = await inStore(req, store, async (ctx) => {
          const customerId = await memberOf(ctx, req);
          if (!customerId) return false;
          await run(ctx, customerId, req.body.slug);
          return true;
        });
        if (!done) return toLogIn(reply, req, store);
        return reply.redirect(`${basePathOf(req, store)}/account/wishlist`, 303);
      },
    );
  }
}
