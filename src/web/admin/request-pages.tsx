import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import {
  answerRequest,
  assignRequest,
  requestForStaff,
  requestQueue,
  type RequestSummary,
} from '#modules/rights';
import { staffTime as when, type AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, StoreSlug, type Note, type StaffPage } from './catalog-pages.tsx';

/** Only compliance handles subject requests and complaints (DR-7, DR-8). */
export const REQUEST_PAGE_ROLES: readonly StaffRole[] = ['compliance'];

function Deadline({ ctx, r }: { ctx: Ctx; r: RequestSummary }) {
  return (
    <span class={r.overdue ? 'overdue' : undefined}>
      {when(ctx, r.dueAt)}
      {r.overdue ? ' — overdue' : ''}
      {r.escalatedAt ? ' (escalated)' : ''}
    </span>
  );
}

/**
 * The compliance queue (DR-7, DR-8): requests and complaints, the soonest due first, with their
 * clock (the store's working-day promise or the legal month); one request at a time with the
 * requester's words (each read audited), where compliance takes it and answers.
 */
export function adminRequestPages(
  app: Http,
  { staffPage, csrfCheck }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection'] },
): void {
  app.get(
    '/admin/s/:store/privacy-requests',
    {
      schema: {
        hide: true,
        params: Store,
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
        }),
      },
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, REQUEST_PAGE_ROLES, 'Privacy requests', async (ctx) => {
        const open = req.query.state !== 'closed';
        const queue = await requestQueue(ctx, open);
        const base = `/admin/s/${req.params.store}/privacy-requests`;
        return (
          <>
            <p class="muted">
              {open
                ? 'Open requests and complaints, the soonest due first.'
                : 'Closed requests, newest first.'}{' '}
              Deadlines are the store’s own promise where it has one, otherwise the legal month; an overdue
              request is escalated.{' '}
              <a href={open ? `${base}?state=closed` : base}>{open ? 'Closed' : 'Open'}</a>
            </p>
            {queue.length === 0 ? <p>Nothing here.</p> : null}
            {queue.length > 0 ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Reference</th>
                      <th>What</th>
                      <th>From</th>
                      <th>Status</th>
                      <th>Received</th>
                      <th>{open ? 'Due' : 'Closed'}</th>
                      <th>Handled by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {queue.map((r) => (
                      <tr class={r.overdue ? 'overdue-row' : undefined}>
                        <td>
                          <a href={`${base}/${r.id}`}>{r.reference}</a>
                        </td>
                        <td>{r.kindLabel}</td>
                        <td>{r.requester}</td>
                        <td>{r.statusLabel}</td>
                        <td>{when(ctx, r.receivedAt)}</td>
                        <td>
                          {open ? <Deadline ctx={ctx} r={r} /> : r.closedAt ? when(ctx, r.closedAt) : '—'}
                        </td>
                        <td>
                          {r.assignedTo === (ctx.actor.kind === 'staff' ? ctx.actor.staffId : '')
                            ? 'you'
                            : r.assignedTo
                              ? 'a colleague'
                              : 'nobody yet'}
                        </td>
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

  const RequestPage = async (ctx: Ctx, frame: AdminFrame, store: string, id: string, note?: Note) => {
    const r = await requestForStaff(ctx, id);
    const open = r.status === 'received' || r.status === 'in_progress';
    const mine = ctx.actor.kind === 'staff' && r.assignedTo === ctx.actor.staffId;
    return (
      <>
        <NoteLine note={note} />
        <p>
          <strong>{r.kindLabel}</strong> · {r.reference} · {r.statusLabel} · from a {r.requester}
        </p>
        <dl class="fields">
          <dt>Received</dt>
          <dd>{when(ctx, r.receivedAt)}</dd>
          <dt>Due</dt>
          <dd>
            <Deadline ctx={ctx} r={r} /> ({r.clock === 'store' ? 'the store’s promise' : 'the legal month'};
            legal limit {when(ctx, r.legalDueAt)})
          </dd>
          {r.contactEmail ? (
            <>
              <dt>Answer goes to</dt>
              <dd>{r.contactEmail}</dd>
            </>
          ) : null}
          {r.receipt ? (
            <>
              <dt>Receipt</dt>
              <dd>
                <code>{JSON.stringify(r.receipt)}</code>
              </dd>
            </>
          ) : null}
        </dl>
        {r.message ? (
          <div class="card">
            <small>The requester wrote</small>
            <p>{r.message}</p>
          </div>
        ) : null}
        {r.reply ? (
          <div class="card">
            <small>The answer</small>
            <p>{r.reply}</p>
          </div>
        ) : null}
        {open ? (
          <>
            {!mine ? (
              <form method="post" action={`/admin/s/${store}/privacy-requests/${r.id}/assign`} class="inline">
                <Csrf frame={frame} />
                <button type="submit">Take this request</button>
              </form>
            ) : null}
            <form method="post" action={`/admin/s/${store}/privacy-requests/${r.id}/answer`}>
              <Csrf frame={frame} />
              <label>
                Answer (e-mailed to the requester and shown on their privacy page)
                <textarea name="reply" rows={5} maxLength={4000} required></textarea>
              </label>
              <label>
                Outcome
                <select name="outcome">
                  <option value="completed">Done</option>
                  <option value="refused">Refused — the answer gives the reason</option>
                </select>
              </label>
              <button type="submit">Send the answer</button>
            </form>
          </>
        ) : null}
        <p>
          <a href={`/admin/s/${store}/privacy-requests`}>Back to the requests</a>
        </p>
      </>
    );
  };

  const Params = Type.Object({ store: StoreSlug, id: Type.String({ maxLength: 40 }) });
  app.get('/admin/s/:store/privacy-requests/:id', { schema: { hide: true, params: Params } }, (req, reply) =>
    staffPage(req, reply, req.params.store, REQUEST_PAGE_ROLES, 'Privacy request', (ctx, frame) =>
      RequestPage(ctx, frame, req.params.store, req.params.id),
    ),
  );
  app.post(
    '/admin/s/:store/privacy-requests/:id/assign',
    {
      schema: { hide: true, params: Params, body: Type.Object({ _csrf: Type.String() }) },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, REQUEST_PAGE_ROLES, 'Privacy request', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          await assignRequest(tx, req.params.id);
          return 'The request is yours.';
        });
        return RequestPage(ctx, frame, req.params.store, req.params.id, note);
      }),
  );
  app.post(
    '/admin/s/:store/privacy-requests/:id/answer',
    {
      schema: {
        hide: true,
        params: Params,
        body: Type.Object({
          _csrf: Type.String(),
          reply: Type.String({ maxLength: 4000 }),
          outcome: Type.Union([Type.Literal('completed'), Type.Literal('refused')]),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, REQUEST_PAGE_ROLES, 'Privacy request', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          await answerRequest(tx, req.params.id, { reply: req.body.reply, outcome: req.body.outcome });
          return 'Answer sent.';
        });
        return RequestPage(ctx, frame, req.params.store, req.params.id, note);
      }),
  );
}
