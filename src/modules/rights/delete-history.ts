import type { Ctx } from '#platform/ctx.ts';
import { confirmOwnPassword } from '#modules/accounts';
import type { SubjectReceipt } from '#modules/privacy';
import { openRequest, type OpenedRequest } from './open-request.ts';
import { rightsRepository, type RequestRow } from './rights.repository.ts';
import { subjectsOf, type Requester } from './requester.ts';

/**
 * Deletes a requester's history at once (DR-3), free of charge: finished orders lose every
 * personal part and leave the history, with their delivered parcels, closed returns and cases,
 * sent mail and browsing. An order still on its way keeps what it needs until it is delivered;
 * the request then stays open and the `rights.finish-history-deletions` job completes it, within
 * the store's working-day promise. A member confirms with their password; a guest has already
 * proved their address with a code.
 */
export async function deleteHistory(
  ctx: Ctx,
  requester: Requester,
  password?: string,
): Promise<{ request: OpenedRequest; receipt: SubjectReceipt }> {
  if (requester.kind === 'member') await confirmOwnPassword(ctx, password ?? '');
  const request = await openRequest(ctx, requester, { kind: 'history_deletion', status: 'in_progress' });
  const receipt = await forgetAll(ctx, subjectsOf(requester), request.id);
  const done = (receipt.waiting ?? 0) === 0;
  await rightsRepository.update(ctx.db, request.id, {
    status: done ? 'completed' : 'in_progress',
    closedAt: done ? ctx.now() : null,
    receipt,
    updatedAt: ctx.now(),
  });
  return { request: { ...request, status: done ? 'completed' : 'in_progress' }, receipt };
}

async function forgetAll(ctx: Ctx, subjectIds: string[], requestId: string): Promise<SubjectReceipt> {
  const total: SubjectReceipt = {
    request: requestId,
    at: ctx.now().toISOString(),
    rows: {},
    keysDestroyed: 0,
    waiting: 0,
  };
  for (const subjectId of subjectIds) {
    const r = await ctx.subjectData.forgetHistory(ctx, subjectId, requestId);
    for (const [m, n] of Object.entries(r.rows)) total.rows[m] = (total.rows[m] ?? 0) + n;
    total.waiting! += r.waiting ?? 0;
  }
  return total;
}

/**
 * The `rights.finish-history-deletions` job: a history deletion that waited for open orders runs
 * again; once nothing waits, the request is done. Counts only in its report.
 */
export async function finishHistoryDeletions(ctx: Ctx): Promise<Record<string, number>> {
  let finished = 0;
  let waiting = 0;
  for (const row of await rightsRepository.waitingHistoryDeletions(ctx.db)) {
    if (!row.subjectId) continue;
    const receipt = await ctx.subjectData.forgetHistory(ctx, row.subjectId, row.id);
    const merged = mergeReceipts(row, receipt);
    const done = (receipt.waiting ?? 0) === 0;
    if (done) finished++;
    else waiting++;
    await rightsRepository.update(ctx.db, row.id, {
      status: done ? 'completed' : 'in_progress',
      closedAt: done ? ctx.now() : null,
      receipt: merged,
      updatedAt: ctx.now(),
    });
  }
  return { finished, waiting };
}

function mergeReceipts(row: RequestRow, next: SubjectReceipt): SubjectReceipt {
  const before = (row.receipt ?? { rows: {} }) as SubjectReceipt;
  const rows = { ...before.rows };
  for (const [m, n] of Object.entries(next.rows)) rows[m] = (rows[m] ?? 0) + n;
  return { ...next, rows };
}
