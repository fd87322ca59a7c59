import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { emptyBodyMeansDefaults, ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import { flatAggregate, refusalsRecorded } from '#modules/privacy';
import { OrderAccessHeaders, viewOrder } from '#modules/orders';
import { requestReturn, RETURN_NOTE_MAX } from './request-return.ts';
import { returnForStaff, returnsOfOrder, recentReturns, type ReturnView } from './return-views.ts';
import { markReturnReceived } from './receive-return.ts';
import { refundReturn, rejectReturn } from './decide-refund.ts';
import { RETURN_REASONS } from './return-status.ts';
import { returnRate } from './return-rate.ts';
import { serviceLevels } from '#modules/orders';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  503: ErrorBody,
};
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const ReturnId = Type.String({ pattern: '^ret_[0-9a-z]+$', maxLength: 40 });

/** A return in the JSON API (amounts and note absent where the reader may not see them). */
const ReturnJson = Type.Object({
  id: Type.String(),
  orderNumber: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  reason: Type.String(),
  reasonLabel: Type.String(),
  note: Type.Optional(Nullable(Type.String())),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      productName: Type.String(),
      variantTitle: Type.String(),
      quantity: Type.Integer(),
      unitCents: Type.Integer(),
    }),
  ),
  currency: Type.String(),
  valueCents: Type.Optional(Type.Integer()),
  refundedCents: Type.Optional(Type.Integer()),
  requestedAt: DateTime,
  receivedAt: Nullable(DateTime),
  reviewDueBy: Nullable(DateTime),
  reviewLate: Type.Boolean(),
  decidedAt: Nullable(DateTime),
  rejectionReason: Nullable(Type.String()),
});

/** A return as JSON. */
export const returnJson = (r: ReturnView) => ({
  ...r,
  requestedAt: r.requestedAt.toISOString(),
  receivedAt: r.receivedAt?.toISOString() ?? null,
  reviewDueBy: r.reviewDueBy?.toISOString() ?? null,
  decidedAt: r.decidedAt?.toISOString() ?? null,
});

/** The returns API: shoppers return, the warehouse receives, finance refunds or refuses. */
export function returnsRoutes(app: Http, { inStore }: ModuleDeps): void {
  const orderParams = Type.Object({ store: StoreSlug, number: Type.String({ minLength: 1, maxLength: 20 }) });
  app.post(
    '/api/stores/:store/orders/:number/returns',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['orders'],
        summary:
          'Return items of a delivered order within the return window; answers the free return label (CK-5)',
        description: `The member who placed the order, or the holder of X-Order-Access. reason: ${Object.keys(RETURN_REASONS).join(', ')}.`,
        params: orderParams,
        headers: OrderAccessHeaders,
        body: Type.Object(
          {
            lines: Type.Array(
              Type.Object(
                {
                  sku: Type.String({ minLength: 1, maxLength: 64 }),
                  quantity: Type.Integer({ minimum: 0, maximum: 99 }),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 50 },
            ),
            reason: Type.String({ maxLength: 40 }),
            note: Type.Optional(Type.String({ maxLength: RETURN_NOTE_MAX })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            trackingNumber: Type.String(),
            carrier: Type.String(),
            labelUrl: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { store, number } = req.params;
      const made = await refusalsRecorded(
        (fn) => inStore(req, store, fn),
        (ctx) => requestReturn(ctx, number, req.body),
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...made, labelUrl: `/s/${store}/orders/${number}/returns/${made.id}/label` });
    },
  );
  app.get(
    '/api/stores/:store/orders/:number/returns',
    {
      schema: {
        tags: ['orders'],
        summary:
          'The returns of an order, each with its step (member who placed it, or holder of X-Order-Access)',
        params: orderParams,
        headers: OrderAccessHeaders,
        response: { 200: Type.Object({ returns: Type.Array(ReturnJson) }), ...errors },
      },
    },
    async (req, reply) => {
      const returns = await inStore(req, req.params.store, async (ctx) => {
        const order = await viewOrder(ctx, req.params.number);
        return returnsOfOrder(ctx, order.id);
      });
      return reply.header('cache-control', 'no-store').send({ returns: returns.map(returnJson) });
    },
  );

  const staff = ['warehouse', 'customer_service', 'finance', 'owner', 'compliance'] as const;
  app.get(
    '/api/admin/stores/:store/returns',
    {
      config: { auth: { staff } },
      schema: {
        tags: ['admin'],
        summary: 'Recent returns with the refund review clock (working days) and late flags',
        params: StoreParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        headers: BearerHeaders,
        response: { 200: Type.Object({ late: Type.Integer(), returns: Type.Array(ReturnJson) }), ...errors },
      },
    },
    async (req, reply) => {
      const returns = await inStore(req, req.params.store, (ctx) => recentReturns(ctx, req.query.limit));
      return reply
        .header('cache-control', 'no-store')
        .send({ late: returns.filter((r) => r.reviewLate).length, returns: returns.map(returnJson) });
    },
  );
  const idParams = Type.Object({ store: StoreSlug, id: ReturnId });
  app.post(
    '/api/admin/stores/:store/returns/:id/receive',
    {
      config: { auth: { staff: ['warehouse', 'owner'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Mark a return received at the warehouse: the refund review clock starts',
        params: idParams,
        headers: BearerHeaders,
        response: { 200: ReturnJson, ...errors },
      },
    },
    async (req, reply) => {
      const view = await inStore(req, req.params.store, async (ctx) => {
        await markReturnReceived(ctx, req.params.id);
        return returnForStaff(ctx, req.params.id);
      });
      return reply.header('cache-control', 'no-store').send(returnJson(view));
    },
  );
  app.post(
    '/api/admin/stores/:store/returns/:id/refund',
    {
      config: { auth: { staff: ['finance', 'owner'] as const } },
      preValidation: emptyBodyMeansDefaults,
      schema: {
        tags: ['admin'],
        summary: 'Refund a received return (full by default, or amountCents for part); idempotent',
        description:
          'Never more than the returned items were paid, nor more than is left of the payment (409). Deciding again answers the same refund.',
        params: idParams,
        headers: BearerHeaders,
        body: Type.Object(
          { amountCents: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })) },
          { additionalProperties: false },
        ),
        response: { 200: ReturnJson, ...errors },
      },
    },
    async (req, reply) => {
      const view = await refusalsRecorded(
        (fn) => inStore(req, req.params.store, fn),
        async (ctx) => {
          await refundReturn(ctx, req.params.id, { amountCents: req.body.amountCents });
          return returnForStaff(ctx, req.params.id);
        },
      );
      return reply.header('cache-control', 'no-store').send(returnJson(view));
    },
  );
  app.post(
    '/api/admin/stores/:store/returns/:id/reject',
    {
      config: { auth: { staff: ['finance', 'owner'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Refuse the refund of a received return, saying why (about the goods)',
        params: idParams,
        headers: BearerHeaders,
        body: Type.Object(
          { reason: Type.String({ minLength: 3, maxLength: 300 }) },
          { additionalProperties: false },
        ),
        response: { 200: ReturnJson, ...errors },
      },
    },
    async (req, reply) => {
      const view = await inStore(req, req.params.store, async (ctx) => {
        await rejectReturn(ctx, req.params.id, req.body.reason);
        return returnForStaff(ctx, req.params.id);
      });
      return reply.header('cache-control', 'no-store').send(returnJson(view));
    },
  );

  const Suppression = { suppressedGroups: Type.Integer(), minGroupSize: Type.Integer() };
  app.get(
    '/api/admin/stores/:store/reports/service',
    {
      config: { auth: { staff: ['operations', 'owner', 'finance'] as const } },
      schema: {
        tags: ['admin'],
        summary:
          'Promises kept: processing and delivery on time, and the return rate (CK-7; 5 people or more)',
        description:
          'processing: shipped orders that left within the store’s processing working days; delivery: delivered orders that arrived within its delivery days; returnRate: delivered orders with a return. A measure behind fewer than 5 people is left out.',
        params: StoreParams,
        querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })) }),
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            days: Type.Integer(),
            serviceLevels: Type.Object({
              rows: Type.Array(
                Type.Object({
                  measure: Type.String(),
                  orders: Type.Integer(),
                  onTime: Type.Integer(),
                  percent: Type.Number(),
                }),
              ),
              ...Suppression,
            }),
            returnRate: Type.Object({
              rows: Type.Array(
                Type.Object({
                  period: Type.String(),
                  deliveredOrders: Type.Integer(),
                  returnedOrders: Type.Integer(),
                  percent: Type.Number(),
                }),
              ),
              ...Suppression,
            }),
          }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const days = req.query.days ?? 30;
      const { levels, rate } = await inStore(req, req.params.store, async (ctx) => ({
        levels: await serviceLevels(ctx, days),
        rate: await returnRate(ctx, days),
      }));
      const flat = flatAggregate;
      return reply
        .header('cache-control', 'no-store')
        .send({ days, serviceLevels: flat(levels), returnRate: flat(rate) });
    },
  );
}
