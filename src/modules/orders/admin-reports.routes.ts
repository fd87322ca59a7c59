import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { flatAggregate } from '#modules/privacy';
import { salesReport } from './sales-reports.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const Suppression = { suppressedGroups: Type.Integer(), minGroupSize: Type.Integer() };

/** GET /api/admin/stores/:store/reports/sales — de-identified sales figures (AC-4). */
export function adminReportsRoutes(app: Http, { inStore }: ModuleDeps): void {
  app.get(
    '/api/admin/stores/:store/reports/sales',
    {
      config: { auth: { staff: ['operations', 'owner', 'finance'] } },
      schema: {
        tags: ['admin'],
        summary: 'Sales per day, best sellers and campaign use (groups of 5 people or more)',
        description:
          'De-identified aggregates: no person, no id; a day, product or campaign with fewer than 5 distinct buyers is left out and counted in suppressedGroups.',
        params: StoreParams,
        querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })) }),
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            days: Type.Integer(),
            byDay: Type.Object({
              rows: Type.Array(
                Type.Object({
                  day: Type.String(),
                  currency: Type.String(),
                  orders: Type.Integer(),
                  revenueCents: Type.Integer(),
                }),
              ),
              ...Suppression,
            }),
            topProducts: Type.Object({
              rows: Type.Array(
                Type.Object({ product: Type.String(), units: Type.Integer(), revenueCents: Type.Integer() }),
              ),
              ...Suppression,
            }),
            campaigns: Type.Object({
              rows: Type.Array(
                Type.Object({
                  campaign: Type.String(),
                  orders: Type.Integer(),
                  discountCents: Type.Integer(),
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
      const report = await inStore(req, req.params.store, (ctx) => salesReport(ctx, days));
      const flat = flatAggregate;
      return reply.header('cache-control', 'no-store').send({
        days,
        byDay: flat(report.byDay),
        topProducts: flat(report.topProducts),
        campaigns: flat(report.campaigns),
      });
    },
  );
}
