import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import { orderForStaff } from '#modules/orders';
import { assignTicketToMe, closeTicket, replyToTicket, ticketForStaff, ticketQueue } from '#modules/support';
import { staffTime as when, type AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, StoreSlug, type Note, type StaffPage } from './catalog-pages.tsx';

/** Who sees cases in the back office; customer service and the owner answer them. */
export const CASE_PAGE_ROLES: readonly StaffRole[] = ['customer_service', 'owner', 'compliance'];
const ANSWERERS: readonly StaffRole[] = ['customer_service', 'owner'];

/**
 * Customer service's cases (CK-6): the queue (numbers, topics, statuses — no messages), and one
 * case at a time with its messages and the order as the role sees it (contact masked), where
 * customer service answers, takes or closes it.
 */
export function adminSupportPages(
  app: Http,
  { staffPage, csrfCheck }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection'] },
): void {
  app.get('/admin/s/:store/cases', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, CASE_PAGE_ROLES, 'Cases', async (ctx) => {
      const queue = await ticketQueue(ctx);
      return (
        <>
          <p class="muted">
            Open and answered cases, the longest waiting first. Messages are read one case at a time (each
            read is recorded in the audit log).
          </p>
          {queue.length === 0 ? <p>No case is waiting.</p> : null}
          {queue.length > 0 ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Order</th>
                    <th>About</th>
                    <th>Status</th>
                    <th>Last activity</th>
                    <th>Handled by</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.map((t) => (
                    <tr>
                      <td>
                        <a href={`/admin/s/${req.params.store}/cases/${t.id}`}>{t.orderNumber}</a>
                      </td>
                      <td>{t.topicLabel}</td>
                      <td>{t.statusLabel}</td>
                      <td>{when(ctx, t.updatedAt)}</td>
                      <td>{t.assignedToMe ? 'you' : t.assigned ? 'a colleague' : 'nobody yet'}</td>
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

  const CasePage = async (ctx: Ctx, frame: AdminFrame, store: string, id: string, note?: Note) => {
    const t = await ticketForStaff(ctx, id);
    const order = await orderForStaff(ctx, t.orderNumber);
    const answers = frame.role === 'customer_service' || frame.role === 'owner';
    return (
      <>
        <NoteLine note={note} />
        <p>
          <strong>{t.topicLabel}</strong> · {t.statusLabel} · order {t.orderNumber} ({order.statusLabel}
          {order.contactEmail ? `, contact ${order.contactEmail}` : ''})
        </p>
        <ol class="messages">
          {(t.messages ?? []).map((m) => (
            <li class="card">
              <small>
                {m.from === 'shopper'
                  ? 'Shopper'
                  : m.from === 'customer service'
                    ? 'Customer service'
                    : 'The store'}{' '}
                · {when(ctx, m.at)}
              </small>
              <p>{m.body ?? '(erased)'}</p>
            </li>
          ))}
        </ol>
        {answers && t.status !== 'closed' ? (
          <>
            <form method="post" action={`/admin/s/${store}/cases/${t.id}/reply`}>
              <Csrf frame={frame} />
              <label>
                Answer (sent to the shopper by e-mail and shown on their order page)
                <textarea name="message" rows={4} maxLength={2000} required></textarea>
              </label>
              <button type="submit">Send answer</button>
            </form>
            <p class="actions">
              {!t.assignedToMe ? (
                <form method="post" action={`/admin/s/${store}/cases/${t.id}/assign`} class="inline">
                  <Csrf frame={frame} />
                  <button type="submit">Take this case</button>
                </form>
              ) : null}{' '}
              <form method="post" action={`/admin/s/${store}/cases/${t.id}/close`} class="inline">
                <Csrf frame={frame} />
                <button type="submit">Close</button>
              </form>
            </p>
          </>
        ) : null}
        <p>
          <a href={`/admin/s/${store}/cases`}>Back to the cases</a>
        </p>
      </>
    );
  };

  const CaseParams = Type.Object({ store: StoreSlug, id: Type.String({ maxLength: 40 }) });
  app.get('/admin/s/:store/cases/:id', { schema: { hide: true, params: CaseParams } }, (req, reply) =>
    staffPage(req, reply, req.params.store, CASE_PAGE_ROLES, 'Case', (ctx, frame) =>
      CasePage(ctx, frame, req.params.store, req.params.id),
    ),
  );
  const action = (
    path: string,
    run: (ctx: Ctx, id: string, message: string) => Promise<unknown>,
    done: string,
  ) =>
    app.post(
      `/admin/s/:store/cases/:id/${path}`,
      {
        schema: {
          hide: true,
          params: CaseParams,
          body: Type.Object({
            _csrf: Type.String(),
            message: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
        },
        preHandler: csrfCheck,
      },
      (req, reply) =>
        staffPage(req, reply, req.params.store, ANSWERERS, 'Case', async (ctx, frame) => {
          const note = await attempt(ctx, async (tx) => {
            await run(tx, req.params.id, req.body.message ?? '');
            return done;
          });
          return CasePage(ctx, frame, req.params.store, req.params.id, note);
        }),
    );
  action('reply', (ctx, id, message) => replyToTicket(ctx, id, message), 'Answer sent.');
  action('assign', (ctx, id) => assignTicketToMe(ctx, id), 'The case is yours.');
  action('close', (ctx, id) => closeTicket(ctx, id), 'The case is closed.');
}
