import type { Ctx } from '#platform/ctx.ts';
import type { Actor } from '#platform/actor.ts';
import type { SubjectDataHandlers } from '#platform/module.ts';
import { conflict } from '#platform/errors.ts';
import { legalHoldRepository } from '../holds/legal-hold.repository.ts';

/** One module's part in subject requests, as the composition root registers it. */
export interface SubjectDataParticipant extends Partial<SubjectDataHandlers> {
  module: string;
}

/** The version of the export's layout; documented in docs/subject-export.md. */
export const EXPORT_FORMAT = 'pledge.subject-export/1';

/**
 * What a subject export holds (DR-2): every module's rows about the subject, by `schema.table`,
 * with the personal fields read for the actor the request runs as. Layout in docs/subject-export.md.
 */
export interface SubjectExport {
  format: typeof EXPORT_FORMAT;
  store: string;
  generatedAt: string;
  /** Each table's rows; a table with nothing about the subject is left out. */
  tables: Record<string, Record<string, unknown>[]>;
}

/** What an erasure or a history deletion did (DR-3, DR-4): counts per module, never a value. */
export interface SubjectReceipt {
  request: string;
  at: string;
  /** Rows removed or anonymised, by module. */
  rows: Record<string, number>;
  /** Data keys destroyed (erasure only): what the key sealed, here and in backups, is noise. */
  keysDestroyed: number;
  /** History deletion: records kept for now because an order is still open; done when it closes. */
  waiting?: number;
}

/** A legal hold (RT-5) suspends erasure: the law that asked for the hold outranks the request. */
async function refuseUnderHold(ctx: Ctx, subjectId: string): Promise<void> {
  if ((await legalHoldRepository.heldSubjects(ctx.db, [subjectId])).length > 0)
    throw conflict(
      'this data is under a legal hold: it cannot be erased while the hold stands; it will be, once the hold is released, if you ask again',
    );
}

/**
 * The subject-request engine (design §7): runs every module's registered export, erase and
 * history handlers, in the order of the module list (erasure in reverse, so a module's dependents
 * let go of a subject before it does, and the privacy module's key destruction comes last). It
 * never touches a module's tables itself.
 */
export class SubjectData {
  constructor(private readonly participants: readonly SubjectDataParticipant[]) {}

  /**
   * Everything the store holds about `subjectIds` (a member is one subject; a guest may be several,
   * one per order), read for the actor `as(subjectId)` names (the subject themself, or compliance).
   * The export is audited.
   */
  async export(
    ctx: Ctx,
    subjectIds: readonly string[],
    as: (subjectId: string) => Actor = () => ctx.actor,
  ): Promise<SubjectExport> {
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const subjectId of subjectIds) {
      const acting: Ctx = { ...ctx, actor: as(subjectId) };
      for (const p of this.participants) {
        if (!p.export) continue;
        for (const [table, rows] of Object.entries(await p.export(acting, subjectId))) {
          if (rows.length > 0) (tables[table] ??= []).push(...rows);
        }
      }
      await ctx.audit.record(ctx, {
        action: 'export',
        subjectId,
        detail: { tables: Object.keys(tables).length },
      });
    }
    return { format: EXPORT_FORMAT, store: ctx.tenant.slug, generatedAt: ctx.now().toISOString(), tables };
  }

  /**
   * Erases a subject (DR-4): each module removes or anonymises what it holds, then the subject's
   * data keys are destroyed. One transaction: all of it, or nothing. Audited.
   */
  async erase(ctx: Ctx, subjectId: string, requestId: string): Promise<SubjectReceipt> {
    await refuseUnderHold(ctx, subjectId);
    const rows: Record<string, number> = {};
    let keysDestroyed = 0;
    for (const p of [...this.participants].reverse()) {
      if (!p.erase) continue;
      const n = await p.erase(ctx, subjectId);
      if (p.module === 'privacy') keysDestroyed += n;
      else if (n > 0) rows[p.module] = n;
    }
    await ctx.audit.record(ctx, {
      action: 'erase',
      subjectId,
      detail: { request: requestId, rows: Object.values(rows).reduce((a, b) => a + b, 0), keysDestroyed },
    });
    return { request: requestId, at: ctx.now().toISOString(), rows, keysDestroyed };
  }

  /**
   * Deletes a subject's history (DR-3) while the account stays: finished orders lose every personal
   * part, with their parcels, closed returns, closed cases, sent mail and browsing history. What an
   * open order still needs waits (`waiting`) until it closes. Audited.
   */
  async forgetHistory(ctx: Ctx, subjectId: string, requestId: string): Promise<SubjectReceipt> {
    await refuseUnderHold(ctx, subjectId);
    const rows: Record<string, number> = {};
    let waiting = 0;
    for (const p of [...this.participants].reverse()) {
      if (!p.forgetHistory) continue;
      const done = await p.forgetHistory(ctx, subjectId);
      if (done.forgotten > 0) rows[p.module] = done.forgotten;
      waiting += done.waiting;
    }
    await ctx.audit.record(ctx, {
      action: 'erase',
      subjectId,
      detail: {
        request: requestId,
        history: 1,
        rows: Object.values(rows).reduce((a, b) => a + b, 0),
        waiting,
      },
    });
    return { request: requestId, at: ctx.now().toISOString(), rows, keysDestroyed: 0, waiting };
  }
}
