import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import {
  dismissAlert,
  escalateAlert,
  isolateFromAlert,
  listAlerts,
  type AlertView,
} from './handle-alerts.ts';
import {
  addIncidentEntry,
  changeIncidentStatus,
  incidentDetail,
  listIncidents,
  openIncident,
  recordNotice,
  type NoticeClock,
} from './incidents.ts';
import { ALERT_KINDS } from './security-status.ts';
import type { IncidentRow } from './security.repository.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Alerts reach compliance and the owner (IR-3); the incident register is compliance's (IR-1). */
const watchers = { auth: { staff: ['owner', 'compliance'] as const } };
const compliance = { auth: { staff: ['compliance'] as const } };
const AlertParams = Type.Object({
  store: StoreSlug,
  id: Type.String({ pattern: '^alr_[0-9a-z]+$', maxLength: 40 }),
});
const IncidentParams = Type.Object({
  store: StoreSlug,
  ref: Type.String({ pattern: '^(inc_[0-9a-z]+|INC-[0-9A-Z]{8})$', maxLength: 40 }),
});
const Words = Type.String({ minLength: 3, maxLength: 4000 });
const When = Type.String({ format: 'date-time' });
const Kind = Type.Union([
  Type.Literal('unauthorised_access'),
  Type.Literal('disclosure'),
  Type.Literal('loss'),
  Type.Literal('malware'),
  Type.Literal('availability'),
  Type.Literal('other'),
]);

const Alert = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  actor: Type.String(),
  detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  status: Type.String(),
  raisedAt: Type.String(),
  handledBy: Type.Union([Type.String(), Type.Null()]),
  handledAt: Type.Union([Type.String(), Type.Null()]),
  incidentId: Type.Union([Type.String(), Type.Null()]),
});
const Clock = Type.Object({
  recipient: Type.String(),
  dueAt: Type.String(),
  notifiedAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  hoursLeft: Type.Union([Type.Number(), Type.Null()]),
});
const IncidentSummary = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  awareAt: Type.String(),
  affectedSubjects: Type.Number(),
  suspectActor: Type.Union([Type.String(), Type.Null()]),
  clocks: Type.Array(Clock),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const alertJson = (a: AlertView) => ({
  id: a.id,
  kind: a.kind,
  description: a.description,
  actor: a.actor,
  detail: a.detail,
  status: a.status,
  raisedAt: a.raisedAt.toISOString(),
  handledBy: a.handledBy,
  handledAt: iso(a.handledAt),
  incidentId: a.incidentId,
});
const clockJson = (c: NoticeClock) => ({ ...c, dueAt: c.dueAt.toISOString(), notifiedAt: iso(c.notifiedAt) });
const incidentJson = (i: IncidentRow, clocks: NoticeClock[]) => ({
  id: i.id,
  reference: i.reference,
  kind: i.kind,
  status: i.status,
  awareAt: i.awareAt.toISOString(),
  affectedSubjects: i.affectedSubjects,
  suspectActor: i.suspectActor,
  clocks: clocks.map(clockJson),
});

/** The security admin API: alerts with isolation, and the incident register (SEC-4, IR-1..3). */
export function securityRoutes(app: Http, { inStore }: ModuleDeps): void {
  app.get(
    '/api/admin/stores/:store/security/alerts',
    {
      config: watchers,
      schema: {
        tags: ['admin'],
        summary: `Owner, compliance: abnormal-access alerts, newest first (${Object.keys(ALERT_KINDS).join(', ')})`,
        params: StoreParams,
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])),
        }),
        response: { 200: Type.Object({ alerts: Type.Array(Alert) }), ...errors },
      },
    },
    async (req, reply) => {
      const alerts = await inStore(
        req,
        req.params.store,
        (ctx) => listAlerts(ctx, req.query.state !== 'all'),
        watchers.auth,
      );
      return reply.header('cache-control', 'no-store').send({ alerts: alerts.map(alertJson) });
    },
  );
  app.post(
    '/api/admin/stores/:store/security/alerts/:id/dismiss',
    {
      config: watchers,
      schema: {
        tags: ['admin'],
        summary: 'Owner, compliance: close an alert as a false alarm',
        params: AlertParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) => dismissAlert(ctx, req.params.id), watchers.auth);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/admin/stores/:store/security/alerts/:id/isolate',
    {
      config: watchers,
      schema: {
        tags: ['admin'],
        summary:
          'Owner, compliance: isolate the staff user an alert names — disabled, every session ended at once (SEC-4)',
        params: AlertParams,
        response: { 200: Type.Object({ isolated: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const done = await inStore(
        req,
        req.params.store,
        (ctx) => isolateFromAlert(ctx, req.params.id),
        watchers.auth,
      );
      return reply.send(done);
    },
  );
  app.post(
    '/api/admin/stores/:store/security/alerts/:id/incident',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary:
          'Compliance: open an incident from an alert; the affected people are derived from the audit log',
        params: AlertParams,
        body: Type.Object({ summary: Words }, { additionalProperties: false }),
        response: { 201: IncidentSummary, ...errors },
      },
    },
    async (req, reply) => {
      const done = await inStore(
        req,
        req.params.store,
        async (ctx) => {
          const incident = await escalateAlert(ctx, req.params.id, req.body.summary);
          return incidentJson(incident, (await incidentDetail(ctx, incident.id)).clocks);
        },
        compliance.auth,
      );
      return reply.code(201).send(done);
    },
  );

  app.get(
    '/api/admin/stores/:store/incidents',
    {
      config: watchers,
      schema: {
        tags: ['admin'],
        summary: 'Owner, compliance: the incident register, open ones first by their authority deadline',
        params: StoreParams,
        response: { 200: Type.Object({ incidents: Type.Array(IncidentSummary) }), ...errors },
      },
    },
    async (req, reply) => {
      const rows = await inStore(req, req.params.store, (ctx) => listIncidents(ctx), watchers.auth);
      return reply
        .header('cache-control', 'no-store')
        .send({ incidents: rows.map((r) => incidentJson(r.incident, r.clocks)) });
    },
  );
  app.post(
    '/api/admin/stores/:store/incidents',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary:
          'Compliance: register an incident; the 24 h partner and 72 h authority clocks start at awareness',
        params: StoreParams,
        body: Type.Object(
          {
            kind: Kind,
            summary: Words,
            awareAt: Type.Optional(When),
            suspectActor: Type.Optional(
              Type.String({ pattern: '^(staff|api|operator):[0-9a-z_]+$', maxLength: 60 }),
            ),
            windowFrom: Type.Optional(When),
            windowTo: Type.Optional(When),
          },
          { additionalProperties: false },
        ),
        response: { 201: IncidentSummary, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const date = (s?: string) => (s ? new Date(s) : undefined);
      const done = await inStore(
        req,
        req.params.store,
        async (ctx) => {
          const incident = await openIncident(ctx, {
            kind: b.kind,
            summary: b.summary,
            awareAt: date(b.awareAt),
            suspectActor: b.suspectActor,
            windowFrom: date(b.windowFrom),
            windowTo: date(b.windowTo),
          });
          return incidentJson(incident, (await incidentDetail(ctx, incident.id)).clocks);
        },
        compliance.auth,
      );
      return reply.code(201).send(done);
    },
  );
  app.get(
    '/api/admin/stores/:store/incidents/:ref',
    {
      config: watchers,
      schema: {
        tags: ['admin'],
        summary: 'Owner, compliance: one incident — timeline, clocks and drafted notices (reads audited)',
        params: IncidentParams,
        response: {
          200: Type.Intersect([
            IncidentSummary,
            Type.Object({
              summary: Type.Union([Type.String(), Type.Null()]),
              timeline: Type.Array(
                Type.Object({
                  at: Type.String(),
                  actor: Type.String(),
                  kind: Type.String(),
                  text: Type.Union([Type.String(), Type.Null()]),
                  evidenceSha256: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
              drafts: Type.Object({ partner: Type.String(), authority: Type.String() }),
            }),
          ]),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const d = await inStore(
        req,
        req.params.store,
        (ctx) => incidentDetail(ctx, req.params.ref),
        watchers.auth,
      );
      return reply.header('cache-control', 'no-store').send({
        ...incidentJson(d.incident, d.clocks),
        summary: d.summary ?? null,
        timeline: d.timeline.map((t) => ({ ...t, at: t.at.toISOString(), text: t.text ?? null })),
        drafts: d.drafts,
      });
    },
  );
  app.post(
    '/api/admin/stores/:store/incidents/:ref/entries',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: add an action, a note or evidence (its SHA-256) to the timeline',
        params: IncidentParams,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('action'), Type.Literal('note'), Type.Literal('evidence')]),
            text: Words,
            evidenceSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(
        req,
        req.params.store,
        (ctx) => addIncidentEntry(ctx, req.params.ref, req.body),
        compliance.auth,
      );
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/admin/stores/:store/incidents/:ref/notices',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary:
          'Compliance: record that the partner (24 h) or the authority (72 h) was notified; stops that clock',
        params: IncidentParams,
        body: Type.Object(
          { recipient: Type.Union([Type.Literal('partner'), Type.Literal('authority')]) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(
        req,
        req.params.store,
        (ctx) => recordNotice(ctx, req.params.ref, req.body.recipient),
        compliance.auth,
      );
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/admin/stores/:store/incidents/:ref/status',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary:
          'Compliance: contain, reopen or close an incident (closing with a notice unsent needs the reason)',
        params: IncidentParams,
        body: Type.Object(
          {
            status: Type.Union([Type.Literal('open'), Type.Literal('contained'), Type.Literal('closed')]),
            reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(
        req,
        req.params.store,
        (ctx) => changeIncidentStatus(ctx, req.params.ref, req.body.status, req.body.reason),
        compliance.auth,
      );
      return reply.status(204).send(null);
    },
  );
}
