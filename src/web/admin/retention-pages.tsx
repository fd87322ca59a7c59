import type { Http } from '#platform/http/server.ts';
import type { StaffRole } from '#platform/actor.ts';
import { recentRetentionRuns } from '#modules/privacy';
import { staffTime as when } from './layout.tsx';
import { Store, type StaffPage } from './catalog-pages.tsx';

/** Who reads the retention reports (RT-1). */
export const RETENTION_PAGE_ROLES: readonly StaffRole[] = ['compliance'];

/** The retention reports (RT-1): each rule of each run, newest first — counts, time, errors. */
export function adminRetentionPages(app: Http, { staffPage }: { staffPage: StaffPage }): void {
  app.get('/admin/s/:store/retention', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, RETENTION_PAGE_ROLES, 'Retention', async (ctx) => {
      const runs = await recentRetentionRuns(ctx, 200);
      return (
        <>
          <p class="muted">
            The store’s retention rules run every hour; each line is one rule of one run. A dry run (from{' '}
            <code>npx pledge retention run --dry-run</code>) counts what would go and removes nothing.
          </p>
          {runs.length === 0 ? <p>No run yet.</p> : null}
          {runs.length > 0 ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Rule</th>
                    <th>What</th>
                    <th>Rows</th>
                    <th>Time</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.map((r) => (
                    <tr class={r.error ? 'overdue-row' : undefined}>
                      <td>{when(ctx, r.at)}</td>
                      <td>
                        <code>{r.rule}</code>
                      </td>
                      <td>{r.what}</td>
                      <td>{r.rows}</td>
                      <td>{r.durationMs} ms</td>
                      <td>{r.error ? `failed: ${r.error}` : r.dryRun ? 'dry run' : 'done'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      );
    }),
  );
}
