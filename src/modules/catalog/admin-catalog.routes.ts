import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#platform/ctx.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { createProduct } from './create-product.ts';
import { updateProduct } from './update-product.ts';
import { addVariant } from './add-variant.ts';
import { changeVariant } from './change-variant.ts';
import { listProductsForOwner, productForOwner } from './catalog-admin.ts';
import { listSynonyms, removeSynonyms, saveSynonyms } from './manage-synonyms.ts';
import { ProductDetailsJson } from './catalog.routes.ts';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$' });
const Sku = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$' });
const Price = Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'list price in cents' });
const NewVariant = Type.Object(
  {
    sku: Sku,
    title: Type.String({ minLength: 1, maxLength: 80 }),
    priceCents: Price,
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
const ProductJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  series: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  details: ProductDetailsJson,
  categorySlug: Type.String(),
  variants: Type.Array(
    Type.Object({ id: Type.String(), sku: Type.String(), title: Type.String(), priceCents: Type.Integer() }),
  ),
});
const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const owner = { auth: { staff: ['owner'] as const } };

/**
 * The owner's catalog API under /api/admin/stores/:store: list, create and edit products, add
 * variants, change prices. Other roles are refused (403) by the route and again by the use cases.
 */
export function adminCatalogRoutes(app: Http, inStore: InStore): void {
  app.get(
    '/api/admin/stores/:store/products',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Every product with its category and number of variants (owner)',
        params: StoreParams,
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            products: Type.Array(
              Type.Object({
                slug: Type.String(),
                name: Type.String(),
                categorySlug: Type.String(),
                categoryName: Type.String(),
                variants: Type.Integer(),
              }),
            ),
          }),
          ...Errors,
        },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send({ products: await inStore(req, req.params.store, (ctx) => listProductsForOwner(ctx)) }),
  );

  app.post(
    '/api/admin/stores/:store/products',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Create a product with its variants (owner)',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object(
          {
            categorySlug: Slug,
            slug: Slug,
            name: Type.String({ minLength: 1, maxLength: 120 }),
            series: Type.Optional(Type.Union([Type.String({ maxLength: 80 }), Type.Null()])),
            description: Type.String({ maxLength: 4000 }),
            tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
            details: Type.Optional(ProductDetailsJson),
            variants: Type.Array(NewVariant, { minItems: 1, maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ProductJson, ...Errors },
      },
    },
    async (req, reply) => {
      const product = await inStore(req, req.params.store, async (ctx) => {
        await createProduct(ctx, { ...req.body, hue: 0 });
        return productForOwner(ctx, req.body.slug);
      });
      return reply.status(201).header('cache-control', 'no-store').send(product);
    },
  );

  app.get(
    '/api/admin/stores/:store/products/:slug',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'One product with its variants (owner)',
        params: Type.Object({ store: StoreParams.properties.store, slug: Slug }),
        headers: BearerHeaders,
        response: { 200: ProductJson, ...Errors },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await inStore(req, req.params.store, (ctx) => productForOwner(ctx, req.params.slug))),
  );

  app.patch(
    '/api/admin/stores/:store/products/:slug',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Edit a product: name, line, description, tags, category (owner)',
        params: Type.Object({ store: StoreParams.properties.store, slug: Slug }),
        headers: BearerHeaders,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            series: Type.Optional(Type.Union([Type.String({ maxLength: 80 }), Type.Null()])),
            description: Type.Optional(Type.String({ maxLength: 4000 })),
            tags: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
            details: Type.Optional(ProductDetailsJson),
            categorySlug: Type.Optional(Slug),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ProductJson, ...Errors },
      },
    },
    async (req, reply) => {
      const product = await inStore(req, req.params.store, async (ctx) => {
        await updateProduct(ctx, req.params.slug, req.body);
        return productForOwner(ctx, req.params.slug);
      });
      return reply.header('cache-control', 'no-store').send(product);
    },
  );

  app.post(
    '/api/admin/stores/:store/products/:slug/variants',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Add a variant to a product (owner)',
        params: Type.Object({ store: StoreParams.properties.store, slug: Slug }),
        headers: BearerHeaders,
        body: NewVariant,
        response: { 201: ProductJson, ...Errors },
      },
    },
    async (req, reply) => {
      const product = await inStore(req, req.params.store, async (ctx) => {
        await addVariant(ctx, req.params.slug, req.body);
        return productForOwner(ctx, req.params.slug);
      });
      return reply.status(201).header('cache-control', 'no-store').send(product);
    },
  );

  app.patch(
    '/api/admin/stores/:store/variants/:sku',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Change a variant’s list price or title (owner); placed orders keep their prices',
        params: Type.Object({ store: StoreParams.properties.store, sku: Sku }),
        headers: BearerHeaders,
        body: Type.Object(
          {
            priceCents: Type.Optional(Price),
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => changeVariant(ctx, req.params.sku, req.body));
      return reply.status(204).send(null);
    },
  );

  const SynonymGroupJson = Type.Object({ id: Type.String(), phrases: Type.Array(Type.String()) });
  const SynonymBody = Type.Object(
    {
      phrases: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
        minItems: 2,
        maxItems: 12,
        description: 'phrases that mean the same to shoppers, e.g. ["sun cream", "sunscreen", "spf"]',
      }),
    },
    { additionalProperties: false },
  );
  const SynonymParams = Type.Object({
    store: StoreParams.properties.store,
    id: Type.String({ pattern: '^syn_[a-z0-9]{10,40}$' }),
  });

  app.get(
    '/api/admin/stores/:store/synonyms',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'The store’s search synonyms (owner)',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ groups: Type.Array(SynonymGroupJson) }), ...Errors },
      },
    },
    async (req, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send({ groups: await inStore(req, req.params.store, (ctx) => listSynonyms(ctx)) }),
  );

  app.post(
    '/api/admin/stores/:store/synonyms',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Add a synonym group: a search for any phrase finds products with any other (owner)',
        params: StoreParams,
        headers: BearerHeaders,
        body: SynonymBody,
        response: { 201: SynonymGroupJson, ...Errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await inStore(req, req.params.store, (ctx) => saveSynonyms(ctx, { phrases: req.body.phrases })),
        ),
  );

  app.put(
    '/api/admin/stores/:store/synonyms/:id',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Replace the phrases of a synonym group (owner)',
        params: SynonymParams,
        headers: BearerHeaders,
        body: SynonymBody,
        response: { 200: SynonymGroupJson, ...Errors },
      },
    },
    async (req) =>
      inStore(req, req.params.store, (ctx) =>
        saveSynonyms(ctx, { id: req.params.id, phrases: req.body.phrases }),
      ),
  );

  app.delete(
    '/api/admin/stores/:store/synonyms/:id',
    {
      config: owner,
      schema: {
        tags: ['admin'],
        summary: 'Remove a synonym group (owner)',
        params: SynonymParams,
        headers: BearerHeaders,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => removeSynonyms(ctx, req.params.id));
      return reply.status(204).send(null);
    },
  );
}
