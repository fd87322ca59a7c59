import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { StaffRole } from '#platform/actor.ts';
import { invalid } from '#platform/errors.ts';
import {
  addIncidentEntry,
  changeIncidentStatus,
  dismissAlert,
  escalateAlert,
  incidentDetail,
  INCIDENT_KINDS,
  isolateFromAlert,
  listAlerts,
  listIncidents,
  openIncident,
  recordNotice,
  type IncidentKind,
  type NoticeClock,
} from '#modules/security';
import { staffTime as when, type AdminFrame } from './layout.tsx';
import { attempt, Csrf, NoteLine, Store, StoreSlug, type Note, type StaffPage } from './catalog-pages.tsx';

/** Alerts reach compliance and the owner (IR-3); both may isolate. */
export const SECURITY_PAGE_ROLES: readonly StaffRole[] = ['owner', 'compliance'];
/** The incident register is kept by compliance (IR-1, IR-2). */
const REGISTER_ROLES: readonly StaffRole[] = ['compliance'];

const RECIPIENT_LABEL = {
  partner: 'Marketplace / partner (24 h)',
  authority: 'Supervisory authority (72 h)',
};

function ClockCell({ ctx, c }: { ctx: Ctx; c: NoticeClock }) {
  if (c.notifiedAt) return <span>notified {when(ctx, c.notifiedAt)}</span>;
  return (
    <span class={c.overdue ? 'overdue' : undefined}>
      due {when(ctx, c.dueAt)}
      {c.overdue ? ` — ${-c.hoursLeft!} h overdue` : ` — ${c.hoursLeft} h left`}
    </span>
  );
}

/**
 * The security pages (SEC-4, IR-1..3): open alerts with one-click isolation, the incident register
 * with its notification clocks, and each incident's timeline, notices and drafts.
 */
export function adminSecurityPages(
  app: Http,
  { staffPage, csrfCheck }: { staffPage: StaffPage; csrfCheck: Http['csrfProtection'] },
): void {
  const SecurityPage = async (ctx: Ctx, frame: AdminFrame, store: string, note?: Note) => {
    const [alerts, incidents] = await Promise.all([listAlerts(ctx, true), listIncidents(ctx)]);
    const base = `/admin/s/${store}/security`;
    const keeper = frame.role === 'compliance';
    return (
      <>
        <NoteLine note={note} />
        <h2>Open alerts</h2>
        <p class="muted">
          Raised every minute from the audit log (bulk reads, repeated exports, failed log-ins, canary
          accounts) and from the traffic (scraping). Isolating disables the staff user at once and ends every
          session.
        </p>
        {alerts.length === 0 ? <p>No open alert.</p> : null}
        {alerts.map((a) => (
          <div class="card">
            <p>
              <strong>{a.description}</strong>
            </p>
            <p class="muted">
              {when(ctx, a.raisedAt)} · <code>{a.actor}</code> ·{' '}
              {Object.entries(a.detail)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}
            </p>
            <form method="post" action={`${base}/alerts/${a.id}/dismiss`} class="inline">
              <Csrf frame={frame} />
              <button type="submit">Dismiss as a false alarm</button>
            </form>
            {a.actor.startsWith('staff:') ? (
              <form method="post" action={`${base}/alerts/${a.id}/isolate`} class="inline">
                <Csrf frame={frame} />
                <button type="submit" class="danger">
                  Isolate this staff user
                </button>
              </form>
            ) : null}
            {keeper ? (
              <form method="post" action={`${base}/alerts/${a.id}/incident`}>
                <Csrf frame={frame} />
                <label>
                  Open an incident — what is known so far
                  <input name="summary" required minLength={3} maxLength={4000} />
                </label>
                <button type="submit">Open an incident</button>
              </form>
            ) : null}
          </div>
        ))}
        <h2>Incidents</h2>
        {incidents.length === 0 ? <p>No incident registered.</p> : null}
        {incidents.length > 0 ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Reference</th>
                  <th>Kind</th>
                  <th>Status</th>
                  <th>People affected</th>
                  <th>Partner</th>
                  <th>Authority</th>
                </tr>
              </thead>
              <tbody>
                {incidents.map(({ incident: i, clocks }) => (
                  <tr class={clocks.some((c) => c.overdue) ? 'overdue-row' : undefined}>
                    <td>
                      <a href={`${base}/incidents/${i.reference}`}>{i.reference}</a>
                    </td>
                    <td>{INCIDENT_KINDS[i.kind as IncidentKind]}</td>
                    <td>{i.status}</td>
                    <td>{i.affectedSubjects}</td>
                    <td>
                      <ClockCell ctx={ctx} c={clocks[0]!} />
                    </td>
                    <td>
                      <ClockCell ctx={ctx} c={clocks[1]!} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {keeper ? (
          <form method="post" action={`${base}/incidents`} class="card">
            <h3>Register an incident</h3>
            <Csrf frame={frame} />
            <label>
              Kind
              <select name="kind">
                {Object.entries(INCIDENT_KINDS).map(([k, label]) => (
                  <option value={k}>{label}</option>
                ))}
              </select>
            </label>
            <label>
              What is known so far (name people only by order number or pseudonym)
              <textarea name="summary" rows={3} required minLength={3} maxLength={4000}></textarea>
            </label>
            <button type="submit">Register; the clocks start now</button>
          </form>
        ) : null}
      </>
    );
  };

  const IncidentPage = async (ctx: Ctx, frame: AdminFrame, store: string, ref: string, note?: Note) => {
    const d = await incidentDetail(ctx, ref);
    const i = d.incident;
    const base = `/admin/s/${store}/security/incidents/${i.reference}`;
    const keeper = frame.role === 'compliance' && i.status !== 'closed';
    return (
      <>
        <NoteLine note={note} />
        <p>
          <strong>{INCIDENT_KINDS[i.kind as IncidentKind]}</strong> · {i.reference} · {i.status}
        </p>
        <p>{d.summary}</p>
        <dl class="fields">
          <dt>Became aware</dt>
          <dd>{when(ctx, i.awareAt)}</dd>
          <dt>People affected</dt>
          <dd>
            {i.affectedSubjects}
            {i.suspectActor
              ? ` — every person ${i.suspectActor} touched in the audit log between ${when(ctx, i.windowFrom!)} and ${when(ctx, i.windowTo!)}`
              : ''}
          </dd>
          {d.clocks.map((c) => (
            <>
              <dt>{RECIPIENT_LABEL[c.recipient]}</dt>
              <dd>
                <ClockCell ctx={ctx} c={c} />
              </dd>
            </>
          ))}
        </dl>
        <h2>Timeline</h2>
        <ol class="timeline">
          {d.timeline.map((t) => (
            <li>
              {when(ctx, t.at)} · <code>{t.actor}</code> · {t.kind}: {t.text ?? '(hidden)'}
              {t.evidenceSha256 ? (
                <>
                  {' '}
                  · SHA-256 <code>{t.evidenceSha256}</code>
                </>
              ) : null}
            </li>
          ))}
        </ol>
        {keeper ? (
          <>
            <form method="post" action={`${base}/entries`} class="card">
              <Csrf frame={frame} />
              <label>
                Add to the timeline
                <select name="kind">
                  <option value="action">An action taken</option>
                  <option value="note">A note</option>
                  <option value="evidence">Evidence kept elsewhere</option>
                </select>
              </label>
              <label>
                What
                <textarea name="text" rows={2} required minLength={3} maxLength={4000}></textarea>
              </label>
              <label>
                SHA-256 of the evidence (for evidence)
                <input name="evidenceSha256" pattern="[0-9a-f]{64}" maxLength={64} />
              </label>
              <button type="submit">Add</button>
            </form>
            {d.clocks
              .filter((c) => !c.notifiedAt)
              .map((c) => (
                <form method="post" action={`${base}/notices`} class="inline">
                  <Csrf frame={frame} />
                  <input type="hidden" name="recipient" value={c.recipient} />
                  <button type="submit">Record: {RECIPIENT_LABEL[c.recipient]} notified</button>
                </form>
              ))}
            <form method="post" action={`${base}/status`} class="card">
              <Csrf frame={frame} />
              <label>
                Status
                <select name="status">
                  {i.status === 'open' ? (
                    <option value="contained">Contained</option>
                  ) : (
                    <option value="open">Reopen</option>
                  )}
                  <option value="closed">Closed</option>
                </select>
              </label>
              <label>
                Reason (needed to close with a notice unsent: why none is owed)
                <input name="reason" maxLength={2000} />
              </label>
              <button type="submit">Change the status</button>
            </form>
          </>
        ) : null}
        <h2>Drafted notices</h2>
        {(['partner', 'authority'] as const).map((r) => (
          <div class="card">
            <small>{RECIPIENT_LABEL[r]}</small>
            <pre class="draft">{d.drafts[r]}</pre>
          </div>
        ))}
        <p>
          <a href={`/admin/s/${store}/security`}>Back to security</a>
        </p>
      </>
    );
  };

  app.get('/admin/s/:store/security', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, SECURITY_PAGE_ROLES, 'Security', (ctx, frame) =>
      SecurityPage(ctx, frame, req.params.store),
    ),
  );

  const AlertParams = Type.Object({ store: StoreSlug, id: Type.String({ maxLength: 40 }) });
  const alertAction = (
    path: string,
    roles: readonly StaffRole[],
    act: (ctx: Ctx, id: string, summary: string) => Promise<string>,
  ) =>
    app.post(
      `/admin/s/:store/security/alerts/:id/${path}`,
      {
        schema: {
          hide: true,
          params: AlertParams,
          body: Type.Object({
            _csrf: Type.String(),
            summary: Type.Optional(Type.String({ maxLength: 4000 })),
          }),
        },
        preHandler: csrfCheck,
      },
      (req, reply) =>
        staffPage(req, reply, req.params.store, roles, 'Security', async (ctx, frame) => {
          const note = await attempt(ctx, (tx) => act(tx, req.params.id, req.body.summary ?? ''));
          return SecurityPage(ctx, frame, req.params.store, note);
        }),
    );
  alertAction('dismiss', SECURITY_PAGE_ROLES, async (ctx, id) => {
    await dismissAlert(ctx, id);
    return 'Alert dismissed.';
  });
  alertAction('isolate', SECURITY_PAGE_ROLES, async (ctx, id) => {
    const done = await isolateFromAlert(ctx, id);
    return `${done.isolated} is disabled and every session of theirs has ended.`;
  });
  alertAction('incident', REGISTER_ROLES, async (ctx, id, summary) => {
    if (summary.trim().length < 3) throw invalid('say in a few words what is known so far');
    const incident = await escalateAlert(ctx, id, summary.trim());
    return `Incident ${incident.reference} opened; ${incident.affectedSubjects} people affected according to the audit log.`;
  });

  app.post(
    '/admin/s/:store/security/incidents',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({
          _csrf: Type.String(),
          kind: Type.Union(Object.keys(INCIDENT_KINDS).map((k) => Type.Literal(k))),
          summary: Type.String({ minLength: 3, maxLength: 4000 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, REGISTER_ROLES, 'Security', async (ctx, frame) => {
        const note = await attempt(ctx, async (tx) => {
          const i = await openIncident(tx, {
            kind: req.body.kind,
            summary: req.body.summary,
          });
          return `Incident ${i.reference} registered; the partner notice is due in 24 hours, the authority’s in 72.`;
        });
        return SecurityPage(ctx, frame, req.params.store, note);
      }),
  );

  const IncidentParams = Type.Object({ store: StoreSlug, ref: Type.String({ maxLength: 40 }) });
  app.get(
    '/admin/s/:store/security/incidents/:ref',
    { schema: { hide: true, params: IncidentParams } },
    (req, reply) =>
      staffPage(req, reply, req.params.store, SECURITY_PAGE_ROLES, 'Incident', (ctx, frame) =>
        IncidentPage(ctx, frame, req.params.store, req.params.ref),
      ),
  );
  const incidentAction = <B extends Record<string, unknown>>(
    path: string,
    body: ReturnType<typeof Type.Object>,
    act: (ctx: Ctx, ref: string, body: B) => Promise<string>,
  ) =>
    app.post(
      `/admin/s/:store/security/incidents/:ref/${path}`,
      { schema: { hide: true, params: IncidentParams, body }, preHandler: csrfCheck },
      (req, reply) =>
        staffPage(req, reply, req.params.store, REGISTER_ROLES, 'Incident', async (ctx, frame) => {
          const note = await attempt(ctx, (tx) => act(tx, req.params.ref, req.body));
          return IncidentPage(ctx, frame, req.params.store, req.params.ref, note);
        }),
    );
  incidentAction<{ kind: 'action' | 'note' | 'evidence'; text: string; evidenceSha256?: string }>(
    'entries',
    Type.Object({
      _csrf: Type.String(),
      kind: Type.Union([Type.Literal('action'), Type.Literal('note'), Type.Literal('evidence')]),
      text: Type.String({ minLength: 3, maxLength: 4000 }),
      evidenceSha256: Type.Optional(Type.String({ maxLength: 64 })),
    }),
    async (ctx, ref, b) => {
      await addIncidentEntry(ctx, ref, {
        kind: b.kind,
        text: b.text,
        evidenceSha256: b.evidenceSha256 || undefined,
      });
      return 'Added to the timeline.';
    },
  );
  incidentAction<{ recipient: 'partner' | 'authority' }>(
    'notices',
    Type.Object({
      _csrf: Type.String(),
      recipient: Type.Union([Type.Literal('partner'), Type.Literal('authority')]),
    }),
    async (ctx, ref, b) => {
      await recordNotice(ctx, ref, b.recipient);
      return 'Notice recorded; that clock has stopped.';
    },
  );
  incidentAction<{ status: 'open' | 'contained' | 'closed'; reason?: string }>(
    'status',
    Type.Object({
      _csrf: Type.String(),
      status: Type.Union([Type.Literal('open'), Type.Literal('contained'), Type.Literal('closed')]),
      reason: Type.Optional(Type.String({ maxLength: 2000 })),
    }),
    async (ctx, ref, b) => {
      await changeIncidentStatus(ctx, ref, b.status, b.reason || undefined);
      return `The incident is ${b.status}.`;
    },
  );
}
