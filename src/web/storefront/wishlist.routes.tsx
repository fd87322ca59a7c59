import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import { requireSameOrigin } from '#platform/http/same-origin.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { basePathOf } from '#modules/tenants';
import { listWishlist, removeFromWishlist, saveToWishlist } from '#modules/wishlist';
import { renderPage } from './render.ts';
import { WishlistPage } from './pages/wishlist.tsx';
import { pageFrame, Slug, StoreParams } from './store-request.ts';

const SlugBody = Type.Object({ slug: Slug });

/** Wishlist pages (SF-5), for signed-in members; visitors are sent to log in first. */
export function wishlistRoutes(app: Http, { inStore }: ModuleDeps): void {
  const toLogIn = (reply: FastifyReply, request: FastifyRequest, store: string) =>
    reply.header('cache-control', 'no-store').redirect(`${basePathOf(request, store)}/account/login`, 303);

  app.get(
    '/s/:store/account/wishlist',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({
          saved: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,80}$' })),
          removed: Type.Optional(Type.Literal('1')),
        }),
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      const done = req.query.saved
        ? { saved: req.query.saved }
        : req.query.removed
          ? { removed: true as const }
          : undefined;
      const html = await inStore(req, store, async (ctx) => {
        if (ctx.actor.kind !== 'member') return null;
        const frame = await pageFrame(ctx, req);
        return renderPage(<WishlistPage frame={frame} items={await listWishlist(ctx)} done={done} />);
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
          if (ctx.actor.kind !== 'member') return false;
          await run(ctx, req.body.slug);
          return true;
        });
        const base = basePathOf(req, store);
        // htmx (the product page's save button): the button turns into a confirmation in place, or
        // the browser goes to the log-in page. Without JavaScript: the usual redirects.
        if (req.headers['hx-request'] === 'true') {
          void reply.header('cache-control', 'no-store');
          if (!done) return reply.header('hx-redirect', `${base}/account/login`).status(204).send();
          return reply
            .type('text/html; charset=utf-8')
            .send(
              action === 'save'
                ? `<p class="saved-note" role="status">♥ Saved to your <a href="${base}/account/wishlist">wishlist</a></p>`
                : `<p class="saved-note" role="status">Removed from your wishlist</p>`,
            );
        }
        if (!done) return toLogIn(reply, req, store);
        const after = action === 'save' ? `?saved=${req.body.slug}` : '?removed=1';
        return reply.redirect(`${base}/account/wishlist${after}`, 303);
      },
    );
  }
}
