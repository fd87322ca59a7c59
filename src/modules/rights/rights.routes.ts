import { Type, type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { AppError, notFound } from '#platform/errors.ts';
import { ErrorBody, StoreParams, StoreSlug, emptyBodyMeansDefaults } from '#platform/http/schemas.ts';
import type { SubjectReceipt } from '#modules/privacy';
import { cancelAccount } from './cancel-account.ts';
import { deleteHistory } from './delete-history.ts';
import { exportMyData, exportZip } from './export-my-data.ts';
import {
  confirmGuestVerification,
  guestOfToken,
  newVerificationId,
  startGuestVerification,
} from './guest-verification.ts';
import { eraseGuest, myRequests, writeRequest } from './my-requests.ts';
import { liftMyRestriction, myRestriction, restrictMyData, withdrawConsent } from './restrict-processing.ts';
import { answerRequest, assignRequest, requestForStaff, requestQueue } from './handle-requests.ts';
import { memberRequester, type Requester } from './requester.ts';
import { ProductCardJson, withImage } from '#modules/catalog';
import {
  choosePersonalisation,
  personalisationFor,
  signalsOf,
  type Personalisation,
} from './consent-state.ts';
import { recommendationsFor } from './recommendations.ts';
import { MESSAGE_MAX, type OpenedRequest } from './open-request.ts';
import { WRITTEN_KINDS } from './request-status.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};
const limited = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const Email = Type.String({ pattern: '^[^@\\s]{1,64}@[^@\\s]{1,189}$', maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 200 });
const Message = Type.String({ minLength: 2, maxLength: MESSAGE_MAX });
const RequestId = Type.String({ pattern: '^req_[0-9a-z]+$', maxLength: 40 });

/** The member's session and the browser's privacy signals (kept: the schema would drop them). */
const SignalHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ pattern: '^Bearer [A-Za-z0-9_-]{16,128}$', maxLength: 140 })),
  'sec-gpc': Type.Optional(
    Type.String({ maxLength: 8, description: 'Global Privacy Control: 1 turns personalisation off' }),
  ),
  dnt: Type.Optional(Type.String({ maxLength: 8, description: 'Do Not Track: 1 turns personalisation off' })),
});

/** Who "me" is: a member (Authorization: Bearer), or a guest with a rights token (X-Rights-Token). */
const MeHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ pattern: '^Bearer [A-Za-z0-9_-]{16,128}$', maxLength: 140 })),
  'x-rights-token': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{16,128}$', maxLength: 128 })),
});

const Opened = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'What to quote when writing to the store' }),
  kind: Type.String(),
  status: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({
    format: 'date-time',
    description: 'The deadline: the store’s promise or the legal limit, the sooner',
  }),
});
const Receipt = Type.Object({
  request: Type.String(),
  at: Type.String({ format: 'date-time' }),
  rows: Type.Record(Type.String(), Type.Integer(), { description: 'Rows removed or anonymised, by module' }),
  keysDestroyed: Type.Integer(),
  waiting: Type.Optional(
    Type.Integer({ description: 'Records an open order still needs; removed once it closes' }),
  ),
});
const Done = Type.Object({ request: Opened, receipt: Receipt });

const openedJson = (r: OpenedRequest): Static<typeof Opened> => ({
  id: r.id,
  reference: r.reference,
  kind: r.kind,
  status: r.status,
  receivedAt: r.receivedAt.toISOString(),
  dueAt: r.dueAt.toISOString(),
});
const doneJson = (d: { request: OpenedRequest; receipt: SubjectReceipt }) => ({
  request: openedJson(d.request),
  receipt: d.receipt,
});

/** The cookie the storefront keeps a guest's rights token in (httpOnly, the store's path, 1 hour). */
export const RIGHTS_COOKIE = 'pledge_rights';

/**
 * The requester of a request to `/me/…`: a guest's rights token (verified by a code, DR-6) or the
 * signed-in member; anyone else is told to sign in or verify (DR-8: nothing is shown or done first).
 */
export async function requesterOf(ctx: Ctx, req: FastifyRequest): Promise<Requester> {
  const token = req.headers['x-rights-token'] ?? req.cookies[RIGHTS_COOKIE];
  if (typeof token === 'string' && token !== '') {
    const guest = await guestOfToken(ctx, token);
    if (!guest)
      throw new AppError('unauthenticated', 'the rights token is not valid or has expired; verify again');
    return guest;
  }
  if (ctx.actor.kind === 'member') return memberRequester(ctx);
  throw new AppError(
    'unauthenticated',
    'sign in (Authorization: Bearer) or verify a guest order (POST /api/stores/:store/rights/verifications)',
  );
}

/**
 * The shopper's rights API (DR-1..8): export, history deletion, account cancellation, restriction,
 * consent withdrawal, objection and complaints, for members and verified guests alike; the guest
 * verification by code; and the compliance queue.
 */
export function rightsRoutes(app: Http, { inStore, asSystem, background, directory }: ModuleDeps): void {
  app.get(
    '/api/stores/:store/me/export',
    {
      config: { ...limited },
      schema: {
        tags: ['privacy'],
        summary:
          'Download everything the store holds about you (JSON, or ?format=csv for a zip of CSV files)',
        description:
          'Members send their session (Authorization: Bearer); guests a rights token (X-Rights-Token). The layout is `pledge.subject-export/1` (docs/subject-export.md): `tables` maps `schema.table` to rows.',
        params: StoreParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
        headers: MeHeaders,
        response: {
          200: Type.String({ description: 'The export: a JSON document, or a zip of CSV files' }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const data = await inStore(req, req.params.store, async (ctx) =>
        exportMyData(ctx, await requesterOf(ctx, req)),
      );
      const day = data.generatedAt.slice(0, 10);
      reply.header('cache-control', 'no-store');
      if (req.query.format === 'csv')
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="my-data-${data.store}-${day}.zip"`)
          .send(Buffer.from(exportZip(data)) as unknown as string);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="my-data-${data.store}-${day}.json"`)
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.delete(
    '/api/stores/:store/me',
    {
      config: { ...limited },
      schema: {
        tags: ['privacy'],
        summary: 'Cancel your account and erase your data at once (members confirm with their password)',
        description:
          'Everything about you is erased or anonymised (orders keep items and amounts for bookkeeping, about nobody) and your data key is destroyed. The answer is the receipt: counts only. A verified guest (X-Rights-Token) erases their guest orders’ data the same way.',
        params: StoreParams,
        headers: MeHeaders,
        body: Type.Optional(
          Type.Object({ password: Type.Optional(Password) }, { additionalProperties: false }),
        ),
        response: { 200: Done, ...errors },
      },
    },
    async (req, reply) => {
      const done = await inStore(req, req.params.store, async (ctx) => {
        const requester = await requesterOf(ctx, req);
        if (requester.kind === 'guest') return eraseGuest(ctx, requester);
        return cancelAccount(ctx, req.body?.password ?? '');
      });
      return reply
        .header('cache-control', 'no-store')
        .clearCookie('pledge_session', { path: '/' })
        .send(doneJson(done));
    },
  );

  app.post(
    '/api/stores/:store/me/history-deletion',
    {
      config: { ...limited },
      schema: {
        tags: ['privacy'],
        summary: 'Delete your history now: finished orders, parcels, closed returns and cases, sent mail',
        description:
          'Free of charge (DR-3). Orders still on their way keep what they need until they are delivered; the request then stays open (`waiting`) and completes by itself within the store’s promise. Members confirm with their password.',
        params: StoreParams,
        headers: MeHeaders,
        body: Type.Optional(
          Type.Object({ password: Type.Optional(Password) }, { additionalProperties: false }),
        ),
        response: { 200: Done, ...errors },
      },
    },
    async (req, reply) => {
      const done = await inStore(req, req.params.store, async (ctx) =>
        deleteHistory(ctx, await requesterOf(ctx, req), req.body?.password),
      );
      return reply.header('cache-control', 'no-store').send(doneJson(done));
    },
  );

  app.put(
    '/api/stores/:store/me/restriction',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Restrict the processing of your data, from the next request on',
        description:
          'Your details are then seen only by the store’s compliance specialist and by the work an order already placed needs (packing, sending, payment); customer service and everything else stop seeing them (DR-5).',
        params: StoreParams,
        headers: MeHeaders,
        response: { 200: Type.Object({ restrictedSince: Type.String({ format: 'date-time' }) }), ...errors },
      },
    },
    async (req, reply) => {
      const since = await inStore(req, req.params.store, async (ctx) => {
        const requester = await requesterOf(ctx, req);
        await restrictMyData(ctx, requester);
        return myRestriction(ctx, requester);
      });
      return reply.send({ restrictedSince: (since ?? new Date()).toISOString() });
    },
  );
  app.delete(
    '/api/stores/:store/me/restriction',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Lift your restriction of processing',
        params: StoreParams,
        headers: MeHeaders,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, async (ctx) =>
        liftMyRestriction(ctx, await requesterOf(ctx, req)),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/stores/:store/me/consent-withdrawal',
    {
      preValidation: emptyBodyMeansDefaults,
      schema: {
        tags: ['privacy'],
        summary: 'Withdraw consent, or object: personalisation stops from the next request',
        description:
          '`objection` also goes to the store’s compliance specialist with your words, for an answer within the deadline.',
        params: StoreParams,
        headers: MeHeaders,
        body: Type.Object(
          {
            objection: Type.Optional(Type.Boolean({ default: false })),
            message: Type.Optional(Message),
          },
          { additionalProperties: false },
        ),
        response: { 201: Opened, ...errors },
      },
    },
    async (req, reply) => {
      const opened = await inStore(req, req.params.store, async (ctx) =>
        withdrawConsent(
          ctx,
          await requesterOf(ctx, req),
          req.body.objection ? 'objection' : 'withdrawal',
          req.body.message,
        ),
      );
      return reply.status(201).send(openedJson(opened));
    },
  );

  const RequestView = Type.Object({
    id: Type.String(),
    reference: Type.String(),
    kind: Type.String(),
    kindLabel: Type.String(),
    status: Type.String(),
    statusLabel: Type.String(),
    receivedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.String({ format: 'date-time' }),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    message: Type.Union([Type.String(), Type.Null()]),
    reply: Type.Union([Type.String(), Type.Null()]),
  });
  app.get(
    '/api/stores/:store/me/requests',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Your requests and complaints, with the store’s answers',
        params: StoreParams,
        headers: MeHeaders,
        response: { 200: Type.Object({ requests: Type.Array(RequestView) }), ...errors },
      },
    },
    async (req, reply) => {
      const rows = await inStore(req, req.params.store, async (ctx) =>
        myRequests(ctx, await requesterOf(ctx, req)),
      );
      return reply.header('cache-control', 'no-store').send({
        requests: rows.map((r) => ({
          id: r.id,
          reference: r.reference,
          kind: r.kind,
          kindLabel: r.kindLabel,
          status: r.status,
          statusLabel: r.statusLabel,
          receivedAt: r.receivedAt.toISOString(),
          dueAt: r.dueAt.toISOString(),
          closedAt: r.closedAt?.toISOString() ?? null,
          message: r.message,
          reply: r.reply,
        })),
      });
    },
  );
  app.post(
    '/api/stores/:store/me/requests',
    {
      config: { ...limited },
      schema: {
        tags: ['privacy'],
        summary:
          'Write to the store’s compliance specialist: a complaint, a correction, an objection, a question',
        params: StoreParams,
        headers: MeHeaders,
        body: Type.Object(
          {
            kind: Type.Union(WRITTEN_KINDS.map((k) => Type.Literal(k))),
            message: Message,
          },
          { additionalProperties: false },
        ),
        response: { 201: Opened, ...errors },
      },
    },
    async (req, reply) => {
      const opened = await inStore(req, req.params.store, async (ctx) =>
        writeRequest(ctx, await requesterOf(ctx, req), req.body),
      );
      return reply.status(201).header('cache-control', 'no-store').send(openedJson(opened));
    },
  );

  app.post(
    '/api/stores/:store/complaints',
    {
      config: { ...limited, auth: 'optional' },
      schema: {
        tags: ['privacy'],
        summary: 'Complain about how the store handles personal data (anyone; an address to answer at)',
        description:
          'No account needed (DR-7). The complaint goes to the store’s compliance specialist, with a deadline; the answer is e-mailed to the address given.',
        params: StoreParams,
        body: Type.Object({ email: Email, message: Message }, { additionalProperties: false }),
        response: { 201: Opened, ...errors },
      },
    },
    async (req, reply) => {
      const opened = await inStore(req, req.params.store, (ctx) =>
        writeRequest(ctx, ctx.actor.kind === 'member' ? memberRequester(ctx) : { kind: 'visitor' }, {
          kind: 'complaint',
          message: req.body.message,
          contactEmail: req.body.email,
        }),
      );
      return reply.status(201).header('cache-control', 'no-store').send(openedJson(opened));
    },
  );

  app.post(
    '/api/stores/:store/rights/verifications',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['privacy'],
        summary: 'A guest proves who they are: order number and e-mail → a 6-digit code by e-mail',
        description:
          'Always 202 with a verification id, whether or not the pair matches, so the endpoint cannot tell who ordered what. Confirm with the code within 15 minutes.',
        params: StoreParams,
        body: Type.Object(
          { orderNumber: Type.String({ minLength: 1, maxLength: 40 }), email: Email },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ verificationId: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      if (!directory.bySlugOrUndefined(store)) throw notFound('store', store);
      // Answered before the order is looked up: the same answer, and the same timing, for any pair.
      const verificationId = newVerificationId(new Date());
      const input = { ...req.body, verificationId };
      background.run('rights-verification', () =>
        asSystem(store, 'rights.verification', (ctx) => startGuestVerification(ctx, input)),
      );
      return reply.status(202).header('cache-control', 'no-store').send({ verificationId });
    },
  );
  app.post(
    '/api/stores/:store/rights/verifications/:id/confirm',
    {
      config: { ...limited, auth: 'none' },
      schema: {
        tags: ['privacy'],
        summary: 'Confirm the code: answers a rights token for X-Rights-Token (1 hour)',
        params: Type.Object({
          store: StoreSlug,
          id: Type.String({ pattern: '^ver_[0-9a-z]+$', maxLength: 40 }),
        }),
        body: Type.Object({ code: Type.String({ maxLength: 12 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ rightsToken: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const result = await inStore(req, req.params.store, (ctx) =>
        confirmGuestVerification(ctx, { verificationId: req.params.id, code: req.body.code }),
      );
      if (result.status === 'refused') throw result.error;
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ rightsToken: result.token, expiresAt: result.expiresAt.toISOString() });
    },
  );

  const ConsentJson = Type.Object({
    personalisation: Type.Object({
      on: Type.Boolean(),
      source: Type.String({
        description:
          'settings, gpc, dnt, withdrawal, objection, default (never chosen: off), or policy_change (a new policy version asks again: off)',
      }),
      at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      policyVersion: Type.Union([Type.String(), Type.Null()]),
    }),
  });
  const consentJson = (p: Personalisation) => ({
    personalisation: {
      on: p.on,
      source: p.source,
      at: p.at?.toISOString() ?? null,
      policyVersion: p.policyVersion ?? null,
    },
  });
  app.get(
    '/api/stores/:store/me/consent',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['privacy'],
        summary: 'Your consent choices: personalisation on or off, how and when it was chosen',
        description:
          'Off unless you turned it on. A request with `Sec-GPC: 1` (or `DNT: 1` where the store honours it) turns it off on that very request, and the signal is recorded as your choice.',
        params: StoreParams,
        headers: SignalHeaders,
        response: { 200: ConsentJson, ...errors },
      },
    },
    async (req, reply) => {
      const p = await inStore(req, req.params.store, (ctx) =>
        personalisationFor(ctx, memberRequester(ctx).subjectId, signalsOf(req.headers)),
      );
      return reply.header('cache-control', 'no-store').send(consentJson(p));
    },
  );
  app.put(
    '/api/stores/:store/me/consent',
    {
      config: { auth: 'member' },
      schema: {
        tags: ['privacy'],
        summary: 'Turn personalisation ("matched for you" from your own browsing) on or off',
        description:
          'Recorded with the policy version in effect and the time. Turning it off deletes your browsing history at once. While your browser sends a privacy signal, turning it on is refused (409).',
        params: StoreParams,
        headers: SignalHeaders,
        body: Type.Object({ personalisation: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: ConsentJson, ...errors },
      },
    },
    async (req, reply) => {
      const p = await inStore(req, req.params.store, (ctx) =>
        choosePersonalisation(
          ctx,
          memberRequester(ctx).subjectId,
          req.body.personalisation,
          signalsOf(req.headers),
        ),
      );
      return reply.header('cache-control', 'no-store').send(consentJson(p));
    },
  );
  app.get(
    '/api/stores/:store/recommendations',
    {
      schema: {
        tags: ['catalog'],
        summary: '"Matched for you": products from your own browsing, only with personalisation on',
        description:
          'Members send their session. With personalisation on, the product named by `viewing` is remembered and matched products are answered; otherwise nothing is recorded and `items` is empty. Prices never depend on it.',
        params: StoreParams,
        headers: SignalHeaders,
        querystring: Type.Object({
          viewing: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 120 })),
        }),
        response: {
          200: Type.Object({ personalised: Type.Boolean(), items: Type.Array(ProductCardJson) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      const found = await inStore(req, store, (ctx) =>
        recommendationsFor(
          ctx,
          ctx.actor.kind === 'member' ? ctx.actor.customerId : undefined,
          signalsOf(req.headers),
          req.query.viewing,
        ),
      );
      return reply.header('cache-control', 'private, no-store').send({
        personalised: found.personalisation.on,
        items: found.products.map((p) => withImage(store, p)),
      });
    },
  );

  // The compliance queue (DR-7, DR-8).
  const compliance = { auth: { staff: ['compliance'] as const } };
  const Summary = Type.Object({
    id: Type.String(),
    reference: Type.String(),
    kind: Type.String(),
    kindLabel: Type.String(),
    requester: Type.String(),
    status: Type.String(),
    receivedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.String({ format: 'date-time' }),
    legalDueAt: Type.String({ format: 'date-time' }),
    clock: Type.String(),
    overdue: Type.Boolean(),
    escalated: Type.Boolean(),
    assignedTo: Type.Union([Type.String(), Type.Null()]),
  });
  type SummaryIn = Awaited<ReturnType<typeof requestQueue>>[number];
  const summaryJson = (r: SummaryIn) => ({
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    kindLabel: r.kindLabel,
    requester: r.requester,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    legalDueAt: r.legalDueAt.toISOString(),
    clock: r.clock,
    overdue: r.overdue,
    escalated: r.escalatedAt !== null,
    assignedTo: r.assignedTo,
  });
  const AdminParams = Type.Object({ store: StoreSlug, id: RequestId });
  app.get(
    '/api/admin/stores/:store/privacy-requests',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: the requests queue, soonest due first (closed: newest first)',
        params: StoreParams,
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
        }),
        response: { 200: Type.Object({ requests: Type.Array(Summary) }), ...errors },
      },
    },
    async (req, reply) => {
      const rows = await inStore(
        req,
        req.params.store,
        (ctx) => requestQueue(ctx, req.query.state !== 'closed'),
        compliance.auth,
      );
      return reply.header('cache-control', 'no-store').send({ requests: rows.map(summaryJson) });
    },
  );
  app.get(
    '/api/admin/stores/:store/privacy-requests/:id',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: one request with the requester’s words (the read is audited)',
        params: AdminParams,
        response: {
          200: Type.Intersect([
            Summary,
            Type.Object({
              message: Type.Union([Type.String(), Type.Null()]),
              reply: Type.Union([Type.String(), Type.Null()]),
              receipt: Type.Unknown(),
            }),
          ]),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const r = await inStore(
        req,
        req.params.store,
        (ctx) => requestForStaff(ctx, req.params.id),
        compliance.auth,
      );
      return reply
        .header('cache-control', 'no-store')
        .send({ ...summaryJson(r), message: r.message, reply: r.reply, receipt: r.receipt });
    },
  );
  app.post(
    '/api/admin/stores/:store/privacy-requests/:id/assign',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: take a request (assigned to you, being handled)',
        params: AdminParams,
        response: { 200: Summary, ...errors },
      },
    },
    async (req, reply) => {
      const r = await inStore(
        req,
        req.params.store,
        (ctx) => assignRequest(ctx, req.params.id),
        compliance.auth,
      );
      return reply.send(summaryJson(r));
    },
  );
  app.post(
    '/api/admin/stores/:store/privacy-requests/:id/answer',
    {
      config: compliance,
      schema: {
        tags: ['admin'],
        summary: 'Compliance: answer a request; the requester is e-mailed and reads it on their privacy page',
        params: AdminParams,
        body: Type.Object(
          {
            reply: Message,
            outcome: Type.Union([Type.Literal('completed'), Type.Literal('refused')]),
          },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...errors },
      },
    },
    async (req, reply) => {
      const r = await inStore(
        req,
        req.params.store,
        (ctx) => answerRequest(ctx, req.params.id, req.body),
        compliance.auth,
      );
      return reply.send(summaryJson(r));
    },
  );
}
