import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import { OrderAccessHeaders } from '#modules/orders';
import { getProduct } from '#modules/catalog';
import { moderateReview, pendingReviews, publishedReviews, REVIEW_MAX, submitReview } from './reviews.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const ReviewId = Type.String({ pattern: '^rev_[0-9a-z]+$', maxLength: 40 });

/** Reviews: verified buyers write, the owner moderates, everyone reads what was published. */
export function reviewsRoutes(app: Http, { inStore }: ModuleDeps): void {
  app.post(
    '/api/stores/:store/orders/:number/reviews',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['orders'],
        summary: 'Review a product of a delivered order (verified buyer: member or holder of X-Order-Access)',
        params: Type.Object({ store: StoreSlug, number: Type.String({ minLength: 1, maxLength: 20 }) }),
        headers: OrderAccessHeaders,
        body: Type.Object(
          {
            sku: Type.String({ minLength: 1, maxLength: 64 }),
            rating: Type.Integer({ minimum: 1, maximum: 5 }),
            text: Type.String({ minLength: 1, maxLength: REVIEW_MAX }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), status: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const made = await inStore(req, req.params.store, (ctx) =>
        submitReview(ctx, req.params.number, req.body),
      );
      return reply.code(201).header('cache-control', 'no-store').send({ id: made.id, status: 'pending' });
    },
  );
  app.get(
    '/api/stores/:store/products/:slug/reviews',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['catalog'],
        summary: 'Published reviews of a product: stars, text, the reviewer’s nickname (or “Verified buyer”)',
        params: Type.Object({ store: StoreSlug, slug: Type.String({ maxLength: 120 }) }),
        response: {
          200: Type.Object({
            count: Type.Integer(),
            average: Type.Union([Type.Number(), Type.Null()]),
            reviews: Type.Array(
              Type.Object({
                rating: Type.Integer(),
                text: Type.String(),
                name: Type.String(),
                at: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const out = await inStore(req, req.params.store, async (ctx) => {
        const product = await getProduct(ctx, req.params.slug);
        return { product, reviews: await publishedReviews(ctx, product.id) };
      });
      return reply.header('cache-control', 'public, max-age=60').send({
        count: out.product.rating?.count ?? 0,
        average: out.product.rating?.average ?? null,
        reviews: out.reviews.map((r) => ({ ...r, at: r.at.toISOString() })),
      });
    },
  );
  app.get(
    '/api/admin/stores/:store/reviews',
    {
      config: { auth: { staff: ['owner'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Reviews waiting for moderation (owner; each opened review is audited)',
        params: StoreParams,
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            reviews: Type.Array(
              Type.Object({
                id: Type.String(),
                rating: Type.Integer(),
                text: Type.Union([Type.String(), Type.Null()]),
                name: Type.Union([Type.String(), Type.Null()]),
                status: Type.String(),
                createdAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const reviews = await inStore(req, req.params.store, (ctx) => pendingReviews(ctx));
      return reply
        .header('cache-control', 'no-store')
        .send({ reviews: reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) });
    },
  );
  for (const decision of ['publish', 'reject'] as const)
    app.post(
      `/api/admin/stores/:store/reviews/:id/${decision}`,
      {
        config: { auth: { staff: ['owner'] as const } },
        schema: {
          tags: ['admin'],
          summary: decision === 'publish' ? 'Publish a review on its product page' : 'Reject a review',
          params: Type.Object({ store: StoreSlug, id: ReviewId }),
          headers: BearerHeaders,
          response: { 200: Type.Object({ status: Type.String() }), ...errors },
        },
      },
      async (req, reply) => {
        const status = await inStore(req, req.params.store, (ctx) =>
          moderateReview(ctx, req.params.id, decision),
        );
        return reply.header('cache-control', 'no-store').send({ status });
      },
    );
}
