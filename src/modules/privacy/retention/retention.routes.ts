import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { InStore } from '#platform/ctx.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams } from '#platform/http/schemas.ts';
import { recentRetentionRuns } from './retention-engine.ts';

const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const compliance = { auth: { staff: ['compliance'] as const } };
const Line = Type.Object({
  runId: Type.String(),
  rule: Type.String(),
  what: Type.String(),
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  durationMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});

/** Compliance reads the retention reports (RT-1): each rule of each run, counts only. */
export function retentionRoutes(app: Http, inStore: InStore): void {
  app.get(
    '/api/admin/stores/:store/retention-runs',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: the latest retention runs, a line per rule (counts, duration, errors)',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ runs: Type.Array(Line) }), ...Errors },
      },
    },
    async (req, reply) => {
      const rows = await inStore(req, req.params.store, (ctx) => recentRetentionRuns(ctx), compliance.auth);
      return reply.header('cache-control', 'no-store').send({
        runs: rows.map((r) => ({
          runId: r.runId,
          rule: r.rule,
          what: r.what,
          dryRun: r.dryRun,
          rows: r.rows,
          durationMs: r.durationMs,
          error: r.error,
          at: r.at.toISOString(),
        })),
      });
    },
  );
}
