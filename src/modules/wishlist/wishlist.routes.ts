import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { ProductCardJson, withImage } from '#modules/catalog';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { listWishlist, removeFromWishlist, saveToWishlist } from './wishlist.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
const Wishlist = Type.Object({ items: Type.Array(ProductCardJson) });

/** The member's wishlist in the JSON API (SF-5); a bearer session names the member. */
export function wishlistApiRoutes(app: Http, { inStore }: ModuleDeps): void {
  const answer = (store: string, items: Awaited<ReturnType<typeof listWishlist>>) => ({
    items: items.map(({ motif: _m, hue: _h, unitsSold: _u, ...card }) => withImage(store, card)),
  });

  app.get(
    '/api/stores/:store/me/wishlist',
    {
      schema: {
        tags: ['wishlist'],
        summary: 'The signed-in member’s saved products, newest first, with today’s prices',
        params: Type.Object({ store: Slug }),
        headers: BearerHeaders,
        response: { 200: Wishlist, ...errors },
      },
    },
    async (req, reply) => {
      const items = await inStore(req, req.params.store, (ctx) => listWishlist(ctx), 'member');
      return reply.header('cache-control', 'no-store').send(answer(req.params.store, items));
    },
  );

  const changes = [
    ['PUT', 'Save a product (by slug); saving it again changes nothing', saveToWishlist],
    ['DELETE', 'Remove a product (by slug) from the wishlist', removeFromWishlist],
  ] as const;
  for (const [method, summary, change] of changes) {
    app.route({
      method,
      url: '/api/stores/:store/me/wishlist/:product',
      schema: {
        tags: ['wishlist'],
        summary,
        params: Type.Object({ store: Slug, product: Slug }),
        headers: BearerHeaders,
        response: { 200: Wishlist, ...errors },
      },
      handler: async (req, reply) => {
        const { store, product } = req.params;
        const items = await inStore(
          req,
          store,
          async (ctx) => {
            await change(ctx, product);
            return listWishlist(ctx);
          },
          'member',
        );
        return reply.header('cache-control', 'no-store').send(answer(store, items));
      },
    });
  }
}
