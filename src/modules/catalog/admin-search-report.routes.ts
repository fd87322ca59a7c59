import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#platform/ctx.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { searchReport } from './search-report.ts';

/** GET /api/admin/stores/:store/reports/searches — what shoppers searched for (AC-4). */
export function adminSearchReportRoutes(app: Http, inStore: InStore): void {
  app.get(
    '/api/admin/stores/:store/reports/searches',
    {
      config: { auth: { staff: ['operations', 'owner', 'finance'] } },
      schema: {
        tags: ['admin'],
        summary: 'Search phrases and how often they found nothing (phrases searched 5 times or more)',
        params: StoreParams,
        querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })) }),
        headers: BearerHeaders,
        response: {
          200: Type.Object({
            days: Type.Integer(),
            rows: Type.Array(
              Type.Object({ query: Type.String(), searches: Type.Integer(), zeroResults: Type.Integer() }),
            ),
            suppressedGroups: Type.Integer(),
            minGroupSize: Type.Integer(),
          }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const days = req.query.days ?? 30;
      const report = await inStore(req, req.params.store, (ctx) => searchReport(ctx, days));
      return reply.header('cache-control', 'no-store').send({
        days,
        rows: report.rows.map((r) => ({ ...r.group, ...r.values })),
        suppressedGroups: report.suppressedGroups,
        minGroupSize: report.minGroupSize,
      });
    },
  );
}
