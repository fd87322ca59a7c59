import { Type } from 'typebox';
import { publishedReviews } from '#modules/reviews';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { activeCampaigns, basePathOf } from '#modules/tenants';
import {
  getProduct,
  getProductPicture,
  hotSelling,
  listProducts,
  popularSearches,
  PRICE_EDGES,
  recordProductView,
  recordSearch,
  searchProducts,
  suggestSearches,
} from '#modules/catalog';
import { notFound } from '#platform/errors.ts';
import { renderFragment, renderPage } from './render.ts';
import { HomePage } from './pages/home.tsx';
import { CategoryPage } from './pages/category.tsx';
import { ProductPage } from './pages/product.tsx';
import { SearchPage, SearchSuggestions } from './pages/search.tsx';
import { ContactPage, ShippingReturnsPage } from './pages/help.tsx';
import { faviconSvg, PRODUCT_VIEWS, productSvg } from './images.ts';
import { pageFrame, Slug, StoreParams } from './store-request.ts';

const ListSort = Type.Union(
  ['popular', 'price_asc', 'price_desc', 'newest', 'name'].map((s) => Type.Literal(s)),
);

function html(reply: FastifyReply, body: string, cacheSeconds = 0) {
  // Anonymous catalog pages carry nothing personal, so short shared caching is safe.
  void reply.header('cache-control', cacheSeconds > 0 ? `public, max-age=${cacheSeconds}` : 'no-store');
  return reply.type('text/html; charset=utf-8').send(body);
}

/** Server-rendered storefront pages (SF-1). Every page works without JavaScript. */
export function storefrontRoutes(app: Http, { inStore, responseCache: cache }: ModuleDeps): void {
  // Catalog pages are the same for every visitor (nothing in them depends on cookies), so one
  // render may answer the next requests for a moment. Links differ by host, hence the base path.
  const cached = <T,>(req: FastifyRequest, store: string, produce: () => Promise<T>): Promise<T> =>
    cache ? (cache.get(`page|${basePathOf(req, store)}|${req.url}`, produce) as Promise<T>) : produce();

  const home = async (req: FastifyRequest<{ Params: { store: string } }>, reply: FastifyReply) => {
    const body = await cached(req, req.params.store, () =>
      inStore(req, req.params.store, async (ctx) => {
        const frame = await pageFrame(ctx, req);
        const hot = await hotSelling(ctx, { limit: 8 });
        const featured = [];
        for (const cat of frame.categories.slice(0, 3)) {
          featured.push({
            slug: cat.slug,
            name: cat.name,
            products: await hotSelling(ctx, { categorySlug: cat.slug, limit: 4 }),
          });
        }
        return renderPage(
          <HomePage
            frame={frame}
            campaigns={activeCampaigns(ctx.tenant.policy, ctx.now())}
            hot={hot}
            featured={featured}
          />,
        );
      }),
    );
    return html(reply, body, 30);
  };
  app.get('/s/:store', { config: { auth: 'none' }, schema: { params: StoreParams, hide: true } }, home);
  app.get('/s/:store/', { config: { auth: 'none' }, schema: { params: StoreParams, hide: true } }, home);

  app.get(
    '/s/:store/c/:category',
    {
      config: { auth: 'none' },
      schema: {
        hide: true,
        params: Type.Object({ store: Slug, category: Slug }),
        querystring: Type.Object({
          sort: Type.Optional(ListSort),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
        }),
      },
    },
    async (req, reply) => {
      const sort = req.query.sort ?? 'popular';
      const body = await cached(req, req.params.store, () =>
        inStore(req, req.params.store, async (ctx) => {
          const frame = await pageFrame(ctx, req);
          const category = frame.categories.find((c) => c.slug === req.params.category);
          if (!category) throw notFound('category', req.params.category);
          const page = await listProducts(ctx, {
            categorySlug: category.slug,
            sort: sort as never,
            page: req.query.page ?? 1,
            pageSize: 8,
          });
          if (page.page > page.pageCount) throw notFound(`page ${page.page} of ${category.name}`);
          const hot = await hotSelling(ctx, { categorySlug: category.slug, limit: 5 });
          return renderPage(
            <CategoryPage
              frame={frame}
              category={category}
              page={page}
              sort={sort}
              hot={hot}
              campaigns={activeCampaigns(ctx.tenant.policy, ctx.now())}
            />,
          );
        }),
      );
      return html(reply, body, 30);
    },
  );

  app.get(
    '/s/:store/p/:slug',
    {
      config: { auth: 'none' },
      schema: {
        hide: true,
        params: Type.Object({ store: Slug, slug: Slug }),
        querystring: Type.Object({ variant: Type.Optional(Type.String({ maxLength: 80 })) }),
      },
    },
    async (req, reply) => {
      const { body, countView } = await cached(req, req.params.store, () =>
        inStore(req, req.params.store, async (ctx) => {
          const frame = await pageFrame(ctx, req);
          const product = await getProduct(ctx, req.params.slug);
          const related = (await hotSelling(ctx, { categorySlug: product.categorySlug, limit: 5 }))
            .filter((p) => p.id !== product.id)
            .slice(0, 4);
          const rendered = renderPage(
            <ProductPage
              frame={frame}
              product={product}
              selectedSku={req.query.variant ?? ''}
              related={related}
              reviews={product.rating ? await publishedReviews(ctx, product.id) : []}
            />,
          );
          // The counter needs only the tenant, which outlives this transaction.
          return { body: rendered, countView: () => recordProductView(ctx, product.id) };
        }),
      );
      // Every view is counted (anonymously, buffered), also when the page came from the cache;
      // browsers must not cache it for the same reason.
      countView();
      return html(reply, body);
    },
  );

  app.get(
    '/s/:store/search',
    {
      config: { auth: 'none' },
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          category: Type.Optional(Slug),
          price: Type.Optional(Type.Integer({ minimum: 0, maximum: PRICE_EDGES.length })),
          sort: Type.Optional(Type.Union([Type.Literal('relevance'), ...ListSort.anyOf])),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
        }),
      },
    },
    async (req, reply) => {
      const q = (req.query.q ?? '').trim();
      const sort = req.query.sort ?? 'relevance';
      const { body, countSearch } = await cached(req, req.params.store, () =>
        inStore(req, req.params.store, async (ctx) => {
          const frame = await pageFrame(ctx, req, q);
          const result = q
            ? await searchProducts(ctx, {
                record: false,
                q,
                categorySlug: req.query.category,
                priceBucket: req.query.price,
                sort: sort,
                page: req.query.page ?? 1,
                pageSize: 12,
              })
            : null;
          if (result && result.page > result.pageCount)
            throw notFound(`page ${result.page} of these results`);
          const rendered = renderPage(
            <SearchPage
              frame={frame}
              result={result}
              category={req.query.category}
              price={req.query.price}
              sort={sort}
              popular={await popularSearches(ctx)}
            />,
          );
          return {
            body: rendered,
            countSearch: () => (result ? recordSearch(ctx, q, result.total) : undefined),
          };
        }),
      );
      countSearch();
      return html(reply, body);
    },
  );

  // Suggestions as the shopper types (htmx swaps the list under the search box). Without
  // JavaScript the form submits to the search page; a direct visit here is sent there too.
  app.get(
    '/s/:store/search/suggest',
    {
      config: { auth: 'none' },
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (req, reply) => {
      const q = (req.query.q ?? '').trim();
      const base = basePathOf(req, req.params.store);
      if (req.headers['hx-request'] !== 'true')
        return reply.redirect(`${base}/search${q ? `?q=${encodeURIComponent(q)}` : ''}`, 303);
      const body = await cached(req, req.params.store, () =>
        inStore(req, req.params.store, async (ctx) =>
          renderFragment(
            <SearchSuggestions base={base} q={q} suggestions={q ? await suggestSearches(ctx, q) : []} />,
          ),
        ),
      );
      // Vary: the same URL answers a page visit with a redirect and htmx with a fragment.
      void reply.header('vary', 'HX-Request');
      return html(reply, body);
    },
  );

  app.get(
    '/s/:store/help/shipping-returns',
    { config: { auth: 'none' }, schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(<ShippingReturnsPage frame={await pageFrame(ctx, req)} />),
      );
      return html(reply, body, 300);
    },
  );

  app.get(
    '/s/:store/contact',
    { config: { auth: 'none' }, schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(<ContactPage frame={await pageFrame(ctx, req)} />),
      );
      return html(reply, body, 300);
    },
  );

  app.get(
    '/s/:store/images/products/:file',
    {
      config: { auth: 'none' },
      schema: {
        hide: true,
        params: Type.Object({
          store: Slug,
          file: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*\\.svg$', maxLength: 90 }),
        }),
        querystring: Type.Object({
          view: Type.Optional(Type.Union(PRODUCT_VIEWS.map((v) => Type.Literal(v.view)))),
        }),
      },
    },
    async (req, reply) => {
      const slug = req.params.file.slice(0, -4);
      const picture = await inStore(req, req.params.store, (ctx) => getProductPicture(ctx, slug));
      void reply.header('cache-control', 'public, max-age=86400');
      return reply
        .type('image/svg+xml')
        .send(productSvg(picture.name, picture.motif, picture.hue, req.query.view ?? 'front'));
    },
  );

  app.get(
    '/s/:store/theme.css',
    { config: { auth: 'none' }, schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const accent = await inStore(req, req.params.store, async (ctx) => ctx.tenant.policy.accentColor);
      void reply.header('cache-control', 'public, max-age=300');
      return reply.type('text/css; charset=utf-8').send(`:root{--accent:${accent};}\n`);
    },
  );

  app.get(
    '/s/:store/favicon.svg',
    { config: { auth: 'none' }, schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const svg = await inStore(req, req.params.store, async (ctx) =>
        faviconSvg(ctx.tenant.policy.accentColor, ctx.tenant.name.slice(0, 1)),
      );
      void reply.header('cache-control', 'public, max-age=86400');
      return reply.type('image/svg+xml').send(svg);
    },
  );
}
