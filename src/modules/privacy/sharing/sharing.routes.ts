import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#platform/ctx.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { PURPOSES, type Purpose } from '../inventory/define-personal-data.ts';
import {
  listDisclosures,
  listProcessors,
  PROCESSOR_KINDS,
  registerProcessor,
  terminateProcessor,
  type ProcessorView,
} from './processor-register.ts';
import type { ProcessorKind } from './sharing-gate.ts';

const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const managers = { auth: { staff: ['owner', 'compliance'] as const } };
const Processor = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  agreementRef: Type.String(),
  fields: Type.Array(Type.String()),
  state: Type.Union([Type.Literal('active'), Type.Literal('terminated')]),
  registeredAt: Type.String({ format: 'date-time' }),
  terminatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  terminationReason: Type.Union([Type.String(), Type.Null()]),
});
const asJson = (p: ProcessorView) => ({
  ...p,
  registeredAt: p.registeredAt.toISOString(),
  terminatedAt: p.terminatedAt?.toISOString() ?? null,
});

/**
 * The processor register and the disclosure register in the admin API (SH-5, SH-6): owner and
 * compliance read both, register processors and terminate them.
 */
export function sharingRoutes(app: Http, inStore: InStore): void {
  app.get(
    '/api/admin/stores/:store/processors',
    {
      config: managers,
      schema: {
        tags: ['admin'],
        summary:
          'The store’s processor register: each outside party, its purpose, agreement and allowed fields',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ processors: Type.Array(Processor) }), ...Errors },
      },
    },
    async (req, reply) =>
      reply.header('cache-control', 'no-store').send({
        processors: (await inStore(req, req.params.store, (ctx) => listProcessors(ctx))).map(asJson),
      }),
  );

  app.post(
    '/api/admin/stores/:store/processors',
    {
      config: managers,
      schema: {
        tags: ['admin'],
        summary:
          'Register an outside party for one purpose, under an agreement, with the fields it may receive',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object(
          {
            kind: Type.Union(PROCESSOR_KINDS.map((k) => Type.Literal(k))),
            name: Type.String({ minLength: 1, maxLength: 120 }),
            purpose: Type.Union(PURPOSES.map((p) => Type.Literal(p))),
            agreementRef: Type.String({ minLength: 1, maxLength: 200 }),
            fields: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { minItems: 1, maxItems: 40 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Processor, ...Errors },
      },
    },
    async (req, reply) => {
      const body = req.body as {
        kind: ProcessorKind;
        name: string;
        purpose: Purpose;
        agreementRef: string;
        fields: string[];
      };
      const created = await inStore(req, req.params.store, (ctx) => registerProcessor(ctx, body));
      return reply.status(201).send(asJson(created));
    },
  );

  app.post(
    '/api/admin/stores/:store/processors/:id/terminate',
    {
      config: managers,
      schema: {
        tags: ['admin'],
        summary: 'Terminate a processor: every flow of data to it stops at once',
        params: Type.Object({
          store: StoreParams.properties.store,
          id: Type.String({ pattern: '^prc_[a-z0-9]{10,40}$' }),
        }),
        headers: BearerHeaders,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 300 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => terminateProcessor(ctx, req.params.id, req.body.reason));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/stores/:store/disclosures',
    {
      config: managers,
      schema: {
        tags: ['admin'],
        summary:
          'The disclosure register: every share with an outside party, released or refused — recipient, purpose, field names, order, time; never a value',
        params: StoreParams,
        querystring: Type.Object({
          outcome: Type.Optional(Type.Union([Type.Literal('released'), Type.Literal('refused')])),
          ref: Type.Optional(Type.String({ maxLength: 40 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            disclosures: Type.Array(
              Type.Object({
                id: Type.String(),
                processorId: Type.Union([Type.String(), Type.Null()]),
                recipient: Type.String(),
                purpose: Type.String(),
                fields: Type.Array(Type.String()),
                outcome: Type.String(),
                reason: Type.Union([Type.String(), Type.Null()]),
                ref: Type.Union([Type.String(), Type.Null()]),
                actor: Type.String(),
                at: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...Errors,
        },
      },
    },
    async (req, reply) => {
      const rows = await inStore(req, req.params.store, (ctx) => listDisclosures(ctx, req.query));
      return reply
        .header('cache-control', 'no-store')
        .send({ disclosures: rows.map((r) => ({ ...r, at: r.at.toISOString() })) });
    },
  );
}
