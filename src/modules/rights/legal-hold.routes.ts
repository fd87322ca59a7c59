import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import {
  HOLD_ACCESS_REASONS,
  HOLD_BASES,
  listLegalHolds,
  openHeldData,
  releaseLegalHold,
  type HoldAccessReason,
  type LegalHoldView,
} from '#modules/privacy';
import { holdTargetOf, placeHold } from './place-hold.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const compliance = { auth: { staff: ['compliance'] as const } };
const Hold = Type.Object({
  id: Type.String(),
  subjectId: Type.String(),
  basis: Type.String(),
  reference: Type.String(),
  placedBy: Type.String(),
  placedAt: Type.String({ format: 'date-time' }),
  releasedBy: Type.Union([Type.String(), Type.Null()]),
  releasedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
/** A hold's basis, as the API and the back-office form take it (RT-5). */
export const HoldBasisField = Type.Union(HOLD_BASES.map((b) => Type.Literal(b)));
/** Why compliance opens held data, as the API and the back-office form take it (RT-5). */
export const HoldReasonField = Type.Union(
  (Object.keys(HOLD_ACCESS_REASONS) as HoldAccessReason[]).map((r) => Type.Literal(r)),
);
const HoldParams = Type.Object({
  store: StoreSlug,
  id: Type.String({ pattern: '^lgh_[0-9a-z]+$', maxLength: 40 }),
});

/** Compliance's legal holds (RT-5): list, place by order number, release, open for the matter. */
export function legalHoldRoutes(app: Http, { inStore }: ModuleDeps): void {
  app.get(
    '/api/admin/stores/:store/legal-holds',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: legal holds, standing first',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ holds: Type.Array(Hold) }), ...errors },
      },
    },
    async (req, reply) => {
      const holds = await inStore(req, req.params.store, (ctx) => listLegalHolds(ctx), compliance.auth);
      return reply.header('cache-control', 'no-store').send({ holds });
    },
  );
  app.post(
    '/api/admin/stores/:store/legal-holds',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary:
          'Compliance: hold the data of the people an order is about, or of a member by exact e-mail (sealed apart; no rule or erasure removes it)',
        params: StoreParams,
        headers: BearerHeaders,
        body: Type.Object(
          {
            orderNumber: Type.Optional(Type.String({ minLength: 4, maxLength: 40 })),
            memberEmail: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
            basis: HoldBasisField,
            reference: Type.String({ minLength: 1, maxLength: 40 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ holds: Type.Array(Hold) }), ...errors },
      },
    },
    async (req, reply) => {
      const holds: LegalHoldView[] = await inStore(
        req,
        req.params.store,
        (ctx) => placeHold(ctx, holdTargetOf(req.body), req.body),
        compliance.auth,
      );
      return reply.status(201).send({ holds });
    },
  );
  app.post(
    '/api/admin/stores/:store/legal-holds/:id/release',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: release a hold; the store’s rules apply to the data again',
        params: HoldParams,
        headers: BearerHeaders,
        response: { 200: Hold, ...errors },
      },
    },
    async (req, reply) => {
      const hold = await inStore(
        req,
        req.params.store,
        (ctx) => releaseLegalHold(ctx, req.params.id),
        compliance.auth,
      );
      return reply.send(hold);
    },
  );
  app.post(
    '/api/admin/stores/:store/legal-holds/:id/open',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: a copy of the held data for the matter (audited; the data stays locked)',
        params: HoldParams,
        headers: BearerHeaders,
        body: Type.Object(
          {
            reason: HoldReasonField,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), ...errors },
      },
    },
    async (req, reply) => {
      const data = await inStore(
        req,
        req.params.store,
        (ctx) => openHeldData(ctx, req.params.id, req.body.reason),
        compliance.auth,
      );
      return reply.header('cache-control', 'no-store').send(data);
    },
  );
}
