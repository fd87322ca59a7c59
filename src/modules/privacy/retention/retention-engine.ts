import type { Ctx } from '#platform/ctx.ts';
import type { RetentionHandler, RetentionHold } from '#platform/module.ts';
import { newId } from '#platform/ids.ts';
import type { RetentionRule } from '../inventory/define-personal-data.ts';
import { retentionRepository, type RetentionRunRow } from './retention.repository.ts';
import { legalHoldRepository } from '../holds/legal-hold.repository.ts';

/** One rule's outcome in a run. */
export interface RetentionLine {
  rule: string;
  module: string;
  what: string;
  /** Rows removed or anonymised (a dry run: rows that would be). */
  rows: number;
  durationMs: number;
  error?: string | undefined;
}

/** What one run did in one store (RT-1): counts, never a personal value. */
export interface RetentionReport {
  runId: string;
  dryRun: boolean;
  at: Date;
  lines: RetentionLine[];
}

const DAY = 24 * 3600_000;

/**
 * The retention engine (design §6): runs every module's handler for the store's rules, each with
 * its cut-off (now minus the rule's days), in the store's transaction; a handler that fails is
 * reported and the others still run (each in a savepoint). Every run — dry or not — writes its
 * report, which compliance reads.
 */
export class RetentionEngine {
  constructor(
    private readonly handlers: readonly (RetentionHandler & { module: string })[],
    private readonly holds: readonly RetentionHold[] = [],
  ) {}

  /** The ids of `rule`'s unit that some module holds back. */
  private async heldBy(ctx: Ctx, rule: string, ids: readonly string[]): Promise<Set<string>> {
    const held = new Set<string>();
    if (ids.length === 0) return held;
    for (const h of this.holds.filter((x) => x.rule === rule))
      for (const id of await h.held(ctx, ids)) held.add(id);
    return held;
  }

  /** The rules handled, for the CLI and the docs. */
  get rules(): string[] {
    return [...new Set(this.handlers.map((h) => h.rule))];
  }

  /** Runs the store's rules (`only`: just these rules, e.g. an operator re-running one). */
  async run(
    ctx: Ctx,
    options: { dryRun?: boolean; only?: readonly string[] } = {},
  ): Promise<RetentionReport> {
    const dryRun = options.dryRun ?? false;
    const runId = newId('ret', ctx.now());
    const lines: RetentionLine[] = [];
    const legalHolds = await legalHoldRepository.allHeldSubjects(ctx.db);
    for (const h of this.handlers) {
      if (options.only && !options.only.includes(h.rule)) continue;
      const spec = ctx.tenant.policy.retention[h.rule as RetentionRule];
      if (!spec) continue;
      const cutoff = new Date(ctx.now().getTime() - spec.days * DAY);
      const started = performance.now();
      let rows = 0;
      let error: string | undefined;
      try {
        rows = await ctx.db.transaction((tx) => {
          const inTx = { ...ctx, db: tx };
          return h.run(inTx, {
            dryRun,
            cutoff,
            held: (ids) => this.heldBy(inTx, h.rule, ids),
            legalHolds,
          });
        });
      } catch (err) {
        error = err instanceof Error ? err.message.slice(0, 200) : 'failed';
        ctx.log.error({ rule: h.rule, module: h.module }, 'retention rule failed');
      }
      lines.push({
        rule: h.rule,
        module: h.module,
        what: h.what,
        rows,
        durationMs: Math.round(performance.now() - started),
        error,
      });
    }
    await retentionRepository.insert(
      ctx.db,
      lines.map((l) => ({
        id: newId('rtr', ctx.now()),
        tenantId: ctx.tenant.id,
        runId,
        rule: l.rule,
        what: `${l.module}: ${l.what}`,
        dryRun,
        rows: l.rows,
        durationMs: l.durationMs,
        error: l.error ?? null,
        at: ctx.now(),
      })),
    );
    return { runId, dryRun, at: ctx.now(), lines };
  }
}

/** The store's latest retention reports, newest first (compliance). */
export function recentRetentionRuns(ctx: Ctx, limit = 200): Promise<RetentionRunRow[]> {
  return retentionRepository.recent(ctx.db, limit);
}
