import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { FastifyRequest } from 'fastify';
import type { InStore } from '#platform/ctx.ts';
import type { MicroCache } from '#platform/http/micro-cache.ts';
import { recordSearch } from './record-activity.ts';
import { listCategories } from './list-categories.ts';
import { listProducts } from './list-products.ts';
import { getProduct } from './get-product.ts';
import { hotSelling } from './hot-selling.ts';
import { searchProducts, suggestSearches, PRICE_EDGES } from './search-products.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
const StoreParams = Type.Object({ store: Slug });

const Price = Type.Object({
  wasCents: Type.Integer(),
  nowCents: Type.Integer(),
  percentOff: Type.Number(),
  campaignSlug: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
});
/** A product in a list, as the JSON API answers it (other modules' lists use it too). */
export const ProductCardJson = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  series: Type.Union([Type.String(), Type.Null()]),
  categorySlug: Type.String(),
  categoryName: Type.String(),
  price: Price,
  hasPriceRange: Type.Boolean(),
  inStock: Type.Boolean(),
  imageUrl: Type.String(),
});
/** A product's notes by tier and key ingredients (each optional). */
export const ProductDetailsJson = Type.Object(
  {
    notes: Type.Optional(
      Type.Object(
        {
          top: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 15 }),
          heart: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 15 }),
          base: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 15 }),
        },
        { additionalProperties: false },
      ),
    ),
    ingredients: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 15 })),
  },
  { additionalProperties: false },
);
const ProductDetail = Type.Object({
  ...ProductCardJson.properties,
  description: Type.String(),
  tags: Type.Array(Type.String()),
  details: ProductDetailsJson,
  variants: Type.Array(
    Type.Object({
      id: Type.String(),
      sku: Type.String(),
      title: Type.String(),
      price: Price,
      inStock: Type.Boolean(),
    }),
  ),
});
const Page = Type.Object({
  items: Type.Array(ProductCardJson),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pageCount: Type.Integer(),
});
const Sort = Type.Union(['popular', 'price_asc', 'price_desc', 'newest', 'name'].map((s) => Type.Literal(s)));
const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
const errors = { 400: ErrorBody, 404: ErrorBody };

const imageUrl = (store: string, slug: string) => `/s/${store}/images/products/${slug}.svg`;
/** Adds the product's picture URL to a card or detail for the API. */
export const withImage = <T extends { slug: string }>(store: string, item: T) => ({
  ...item,
  imageUrl: imageUrl(store, item.slug),
});

/** The catalog's JSON API: thin adapters from HTTP to the use cases. */
export function catalogRoutes(app: Http, inStore: InStore, cache?: MicroCache<unknown>): void {
  // Anonymous and identical for everyone, so a rendered answer may serve the next requests too.
  const cached = <T>(req: FastifyRequest, produce: () => Promise<T>): Promise<T> =>
    cache ? (cache.get(`api|${req.url}`, produce) as Promise<T>) : produce();

  app.get(
    '/api/stores/:store/categories',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'Categories of a store, in display order',
        params: StoreParams,
        response: {
          200: Type.Object({
            categories: Type.Array(
              Type.Object({
                slug: Type.String(),
                name: Type.String(),
                description: Type.String(),
                productCount: Type.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) =>
      cached(req, async () => ({
        categories: await inStore(req, req.params.store, (ctx) => listCategories(ctx)),
      })),
  );

  app.get(
    '/api/stores/:store/products',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'A page of products with current prices',
        params: StoreParams,
        querystring: Type.Object({
          category: Type.Optional(Slug),
          sort: Type.Optional(Sort),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: { 200: Page, ...errors },
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      void reply.header('cache-control', 'public, max-age=30');
      return cached(req, async () => {
        const page = await inStore(req, store, (ctx) =>
          listProducts(ctx, {
            categorySlug: req.query.category,
            sort: req.query.sort as never,
            page: req.query.page,
            pageSize: req.query.limit ?? 20,
          }),
        );
        return { ...page, items: page.items.map((i) => withImage(store, i)) };
      });
    },
  );

  app.get(
    '/api/stores/:store/products/:slug',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'One product with its variants',
        params: Type.Object({ store: Slug, slug: Slug }),
        response: { 200: ProductDetail, ...errors },
      },
    },
    async (req, reply) => {
      const { store, slug } = req.params;
      void reply.header('cache-control', 'public, max-age=30');
      return cached(req, async () => {
        const product = await inStore(req, store, (ctx) => getProduct(ctx, slug));
        return {
          ...withImage(store, product),
          variants: product.variants.map((v) => ({ ...v, inStock: v.stock > 0 })),
        };
      });
    },
  );

  app.get(
    '/api/stores/:store/search',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'Full-text product search with typo tolerance, facets and suggestions',
        params: StoreParams,
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 200 }),
          category: Type.Optional(Slug),
          price: Type.Optional(Type.Integer({ minimum: 0, maximum: PRICE_EDGES.length })),
          sort: Type.Optional(Type.Union([Type.Literal('relevance'), ...Sort.anyOf])),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: {
          200: Type.Object({
            ...Page.properties,
            query: Type.String(),
            correctedQuery: Type.Union([Type.String(), Type.Null()]),
            broadened: Type.Boolean(),
            facets: Type.Object({
              categories: Type.Array(
                Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() }),
              ),
              prices: Type.Array(
                Type.Object({
                  bucket: Type.Integer(),
                  minCents: Type.Integer(),
                  maxCents: Type.Union([Type.Integer(), Type.Null()]),
                  count: Type.Integer(),
                }),
              ),
            }),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      void reply.header('cache-control', 'public, max-age=30');
      const { body, count } = await cached(req, () =>
        inStore(req, store, async (ctx) => {
          const result = await searchProducts(ctx, {
            q: req.query.q,
            categorySlug: req.query.category,
            priceBucket: req.query.price,
            sort: req.query.sort,
            page: req.query.page,
            pageSize: req.query.limit ?? 20,
            record: false,
          });
          return {
            body: { ...result, items: result.items.map((i) => withImage(store, i)) },
            // Every search is counted, also when the answer comes from the cache. The counter
            // only needs the tenant and the clock, which outlive this transaction.
            count: () => recordSearch(ctx, req.query.q, result.total),
          };
        }),
      );
      count();
      return body;
    },
  );

  app.get(
    '/api/stores/:store/search/suggest',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'Autocomplete suggestions (not counted in search statistics)',
        params: StoreParams,
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: {
          200: Type.Object({
            suggestions: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({
      suggestions: await inStore(req, req.params.store, (ctx) => suggestSearches(ctx, req.query.q)),
    }),
  );

  app.get(
    '/api/stores/:store/hot-selling',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'Best sellers by aggregate units sold (no personal data)',
        params: StoreParams,
        querystring: Type.Object({
          category: Type.Optional(Slug),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ProductCardJson) }), ...errors },
      },
    },
    async (req) => {
      const { store } = req.params;
      const items = await inStore(req, store, (ctx) =>
        hotSelling(ctx, {
          ...(req.query.category ? { categorySlug: req.query.category } : {}),
          limit: req.query.limit ?? 8,
        }),
      );
      return { items: items.map((i) => withImage(store, i)) };
    },
  );
}
