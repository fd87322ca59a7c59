import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { AppError, httpStatusOf } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { basePathOf } from '#modules/tenants';
import { findAuditEvents, type Purpose } from '#modules/privacy';
import {
  cancelAccount,
  choosePersonalisation,
  confirmGuestVerification,
  deleteHistory,
  eraseGuest,
  exportMyData,
  exportZip,
  guestOfToken,
  liftMyRestriction,
  memberRequester,
  myRequests,
  myRestriction,
  personalisationFor,
  recommendationsFor,
  restrictMyData,
  RIGHTS_COOKIE,
  signalsOf,
  startGuestVerification,
  newVerificationId,
  TOKEN_MINUTES,
  writeRequest,
  WRITTEN_KINDS,
  actorFor,
  subjectsOf,
  type Requester,
  type WrittenKind,
} from '#modules/rights';
import { renderPage } from './render.ts';
import { cookiePath, pageFrame, SESSION_COOKIE, StoreParams } from './store-request.ts';
import {
  ComplaintPage,
  ForYouFragment,
  PrivacyAccessPage,
  PrivacyCentrePage,
  PrivacySettingsPage,
  ReceiptPage,
  type DeclaredTable,
} from './pages/privacy-centre.tsx';

/** A visitor's consent cookie: a random id their choices are recorded under (no account needed). */
export const CHOICE_COOKIE = 'pledge_choice';

const send = (reply: FastifyReply, status: number, html: string) =>
  // Pages with personal data or forms are never cached anywhere.
  reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

const limited = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const Csrf = { _csrf: Type.String({ maxLength: 200 }) };
const Password = Type.Optional(Type.String({ maxLength: 200 }));

const STORAGE_WORDS: Record<string, string> = {
  sealed: 'encrypted with your own key',
  blind_index: 'a keyed hash, for look-ups',
  one_way_hash: 'a one-way hash',
  plain: 'as is',
};

/** When a retention rule lets go of data, in words. */
function retentionWords(
  spec:
    { after: string; days: number; then: string; noticeDays?: number; eraseAfterDays?: number } | undefined,
): string {
  if (!spec) return '—';
  const after: Record<string, string> = {
    expired: 'it expires',
    created: 'it was made',
    order_closed: 'the order is closed',
    account_closed: 'the account is closed',
    sent: 'it was sent',
    last_login: 'the last log-in',
    delivered: 'delivery',
  };
  if (spec.then === 'lock_then_erase')
    return `locked under a separate key ${spec.days} days after the last log-in (told ${spec.noticeDays ?? 30} days before; signing in unlocks it), erased ${spec.eraseAfterDays ?? 365} days after the lock`;
  const then = spec.then === 'anonymise' ? 'anonymised' : spec.then === 'erase' ? 'erased' : 'deleted';
  return spec.days === 0
    ? `${then} when ${after[spec.after] ?? spec.after}`
    : `${then} ${spec.days} days after ${after[spec.after] ?? spec.after}`;
}

/** The data inventory's fields, by table, in the store's words (DR-1: listed from the inventory). */
function declaredTables(ctx: Ctx): DeclaredTable[] {
  const byTable = new Map<string, DeclaredTable>();
  const policy = ctx.tenant.policy;
  for (const [key, field] of ctx.vault.inventory.fields) {
    if (!field.readableBy.includes('subject')) continue; // key material and hashes: nothing to show
    const table = key.split('.').slice(0, 2).join('.');
    const entry = byTable.get(table) ?? { table, fields: [] };
    entry.fields.push({
      key,
      label: field.label ?? key.split('.')[2]!.replaceAll('_', ' '),
      storage: STORAGE_WORDS[field.storage] ?? field.storage,
      purposes: field.purposes.map((p: Purpose) => policy.purposes[p] ?? p),
      keptUntil: retentionWords(policy.retention[field.retention]),
    });
    byTable.set(table, entry);
  }
  return [...byTable.values()];
}

/** The privacy centre and the shopper's rights in the storefront (DR-1..8, CN-1..3). */
export function privacyCentreRoutes(
  app: Http,
  { inStore, settings, asSystem, background }: ModuleDeps,
): void {
  const csrfCheck = app.csrfProtection.bind(app);
  const cookieOptions = (req: FastifyRequest, store: string, maxAge: number) => ({
    path: cookiePath(req, store),
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: settings.behindTls,
    maxAge,
  });

  /** The member, or the guest whose rights cookie is valid; undefined for anyone else. */
  const requesterOfPage = async (ctx: Ctx, req: FastifyRequest): Promise<Requester | undefined> => {
    if (ctx.actor.kind === 'member') return memberRequester(ctx);
    const token = req.cookies[RIGHTS_COOKIE];
    return token ? guestOfToken(ctx, token) : undefined;
  };
  const centreUrl = (req: FastifyRequest, store: string) => `${basePathOf(req, store)}/privacy/centre`;
  const accessUrl = (req: FastifyRequest, store: string) => `${basePathOf(req, store)}/privacy/access`;

  const centre = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    requester: Requester,
    state: { notice?: string; problem?: string } = {},
  ) => {
    const subjects = subjectsOf(requester);
    const data = await ctx.subjectData.export(ctx, subjects, (s) => actorFor(requester, s));
    const accesses = [];
    for (const s of subjects)
      accesses.push(
        // Staff, API clients and jobs; not the shopper's own acts.
        ...(await findAuditEvents(ctx, { subjectId: s }, 200)).filter((e) =>
          /^(staff|system|api|operator):/.test(e.actor),
        ),
      );
    accesses.sort((a, b) => b.at.getTime() - a.at.getTime());
    const holder = requester.kind === 'member' ? requester.subjectId : undefined;
    return renderPage(
      <PrivacyCentrePage
        frame={await pageFrame(ctx, req)}
        csrf={reply.generateCsrf()}
        who={requester.kind === 'member' ? 'member' : 'guest'}
        data={data}
        declared={declaredTables(ctx)}
        accesses={accesses.slice(0, 100)}
        personalisation={await personalisationFor(ctx, holder, signalsOf(req.headers))}
        restrictedSince={await myRestriction(ctx, requester)}
        requests={await myRequests(ctx, requester)}
        {...state}
      />,
    );
  };

  const NOTICES = {
    restricted: 'The processing of your data is restricted from now on.',
    lifted: 'The restriction is lifted.',
    sent: 'Sent. Our compliance specialist will answer by the date shown below.',
  } as const;

  app.get(
    '/s/:store/privacy/centre',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      const html = await inStore(req, store, async (ctx) => {
        const requester = await requesterOfPage(ctx, req);
        if (!requester) return undefined;
        const notice = NOTICES[req.query.done as keyof typeof NOTICES];
        return centre(req, reply, ctx, requester, notice ? { notice } : {});
      });
      if (html === undefined)
        return reply.header('cache-control', 'no-store').redirect(accessUrl(req, store), 303);
      return send(reply, 200, html);
    },
  );

  for (const format of ['json', 'zip'] as const)
    app.get(
      `/s/:store/privacy/centre/export.${format}`,
      { config: limited, schema: { hide: true, params: StoreParams } },
      async (req, reply) => {
        const { store } = req.params;
        const data = await inStore(req, store, async (ctx) => {
          const requester = await requesterOfPage(ctx, req);
          return requester ? exportMyData(ctx, requester) : undefined;
        });
        if (!data) return reply.header('cache-control', 'no-store').redirect(accessUrl(req, store), 303);
        const name = `my-data-${data.store}-${data.generatedAt.slice(0, 10)}.${format}`;
        reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${name}"`);
        return format === 'zip'
          ? reply.type('application/zip').send(Buffer.from(exportZip(data)))
          : reply.type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
      },
    );

  /** Runs a centre action; a refusal re-renders the centre with the problem, nothing done. */
  const action = async (
    req: FastifyRequest,
    store: string,
    reply: FastifyReply,
    run: (ctx: Ctx, requester: Requester) => Promise<string>,
  ) => {
    try {
      const next = await inStore(req, store, async (ctx) => {
        const requester = await requesterOfPage(ctx, req);
        return requester ? run(ctx, requester) : accessUrl(req, store);
      });
      if (next.startsWith('<')) return send(reply, 200, next);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const html = await inStore(req, store, async (ctx) => {
        const requester = await requesterOfPage(ctx, req);
        return requester ? centre(req, reply, ctx, requester, { problem: error.message }) : undefined;
      });
      if (html === undefined) return reply.redirect(accessUrl(req, store), 303);
      return send(reply, httpStatusOf(error.kind), html);
    }
  };

  app.post(
    '/s/:store/privacy/centre/restriction',
    {
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({ ...Csrf, action: Type.Union([Type.Literal('restrict'), Type.Literal('lift')]) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      action(req, req.params.store, reply, async (ctx, requester) => {
        if (req.body.action === 'restrict') await restrictMyData(ctx, requester);
        else await liftMyRestriction(ctx, requester);
        return `${centreUrl(req, req.params.store)}?done=${req.body.action === 'restrict' ? 'restricted' : 'lifted'}`;
      }),
  );

  app.post(
    '/s/:store/privacy/centre/requests',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          kind: Type.String({ maxLength: 20 }),
          message: Type.String({ maxLength: 4000 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      action(req, req.params.store, reply, async (ctx, requester) => {
        const kind = req.body.kind as WrittenKind;
        if (!WRITTEN_KINDS.includes(kind)) throw new AppError('invalid', 'choose what your message is about');
        if (req.body.message.trim().length < 2) throw new AppError('invalid', 'write your message');
        await writeRequest(ctx, requester, { kind, message: req.body.message });
        return `${centreUrl(req, req.params.store)}?done=sent#requests`;
      }),
  );

  app.post(
    '/s/:store/privacy/centre/history',
    {
      config: limited,
      schema: { hide: true, params: StoreParams, body: Type.Object({ ...Csrf, password: Password }) },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      action(req, req.params.store, reply, async (ctx, requester) => {
        const done = await deleteHistory(ctx, requester, req.body.password);
        return renderPage(
          <ReceiptPage
            frame={await pageFrame(ctx, req)}
            title="Your history is deleted"
            reference={done.request.reference}
            receipt={done.receipt}
            erased={false}
          />,
        );
      }),
  );

  app.post(
    '/s/:store/privacy/centre/cancel',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          password: Password,
          confirm: Type.Optional(Type.String({ maxLength: 5 })),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      const result = await action(req, req.params.store, reply, async (ctx, requester) => {
        if (req.body.confirm !== 'yes')
          throw new AppError('invalid', 'tick the box to confirm that this cannot be undone');
        const done =
          requester.kind === 'guest'
            ? await eraseGuest(ctx, requester)
            : await cancelAccount(ctx, req.body.password ?? '');
        return renderPage(
          <ReceiptPage
            frame={await pageFrame(ctx, req)}
            title={requester.kind === 'guest' ? 'Your data is erased' : 'Your account is cancelled'}
            reference={done.request.reference}
            receipt={done.receipt}
            erased
          />,
        );
      });
      if (reply.statusCode === 200) {
        void reply.clearCookie(SESSION_COOKIE, { path: cookiePath(req, store) });
        void reply.clearCookie(RIGHTS_COOKIE, { path: cookiePath(req, store) });
      }
      return result;
    },
  );

  // Guests: order number + e-mail → a code by e-mail → the rights cookie (DR-6, DR-8).
  app.get('/s/:store/privacy/access', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
    const html = await inStore(req, req.params.store, async (ctx) =>
      renderPage(
        <PrivacyAccessPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} step="start" />,
      ),
    );
    return send(reply, 200, html);
  });
  app.post(
    '/s/:store/privacy/access',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          orderNumber: Type.String({ maxLength: 40 }),
          email: Type.String({ maxLength: 254 }),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      const html = await inStore(req, store, async (ctx) => {
        const frame = await pageFrame(ctx, req);
        if (!req.body.orderNumber.trim() || !/^[^@\s]+@[^@\s]+$/.test(req.body.email.trim()))
          return renderPage(
            <PrivacyAccessPage
              frame={frame}
              csrf={reply.generateCsrf()}
              step="start"
              problem="give the order number and the e-mail address you ordered with"
            />,
          );
        // Answered before the order is looked up, the same for any pair (see the API route).
        const verificationId = newVerificationId(ctx.now());
        const input = {
          orderNumber: req.body.orderNumber.trim(),
          email: req.body.email.trim(),
          verificationId,
        };
        background.run('rights-verification', () =>
          asSystem(store, 'rights.verification', (tx) => startGuestVerification(tx, input)),
        );
        return renderPage(
          <PrivacyAccessPage
            frame={frame}
            csrf={reply.generateCsrf()}
            step="code"
            verificationId={verificationId}
          />,
        );
      });
      return send(reply, 200, html);
    },
  );
  app.post(
    '/s/:store/privacy/access/confirm',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          verificationId: Type.String({ maxLength: 40 }),
          code: Type.String({ maxLength: 12 }),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      const { verificationId, code } = req.body;
      let result:
        Awaited<ReturnType<typeof confirmGuestVerification>> | { status: 'invalid'; message: string };
      try {
        result = await inStore(req, store, (ctx) =>
          confirmGuestVerification(ctx, { verificationId, code: code.trim() }),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result = { status: 'invalid', message: error.message };
      }
      if (result.status === 'verified') {
        void reply.setCookie(RIGHTS_COOKIE, result.token, cookieOptions(req, store, TOKEN_MINUTES * 60));
        return reply.redirect(centreUrl(req, store), 303);
      }
      const problem = result.status === 'invalid' ? result.message : result.error.message;
      const html = await inStore(req, store, async (ctx) =>
        renderPage(
          <PrivacyAccessPage
            frame={await pageFrame(ctx, req)}
            csrf={reply.generateCsrf()}
            step="code"
            verificationId={verificationId}
            problem={problem}
          />,
        ),
      );
      return send(reply, 401, html);
    },
  );

  // Personalisation settings (CN-1, CN-3): members' choices follow the account; a visitor's are
  // recorded under a random id their browser keeps.
  const holderOf = (ctx: Ctx, req: FastifyRequest): string | undefined =>
    ctx.actor.kind === 'member' ? ctx.actor.customerId : req.cookies[CHOICE_COOKIE];
  const settingsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    state: { notice?: string; problem?: string } = {},
  ) => {
    const signals = signalsOf(req.headers);
    return renderPage(
      <PrivacySettingsPage
        frame={await pageFrame(ctx, req)}
        csrf={reply.generateCsrf()}
        personalisation={await personalisationFor(ctx, holderOf(ctx, req), signals)}
        signals={signals}
        {...state}
      />,
    );
  };
  app.get(
    '/s/:store/privacy/settings',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) }),
      },
    },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, (ctx) =>
        settingsPage(req, reply, ctx, req.query.saved ? { notice: 'Saved.' } : {}),
      );
      return send(reply, 200, html);
    },
  );
  app.post(
    '/s/:store/privacy/settings',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          personalisation: Type.Union([Type.Literal('on'), Type.Literal('off')]),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      try {
        await inStore(req, store, async (ctx) => {
          let holder = holderOf(ctx, req);
          if (!holder) {
            holder = newId('vis', ctx.now());
            void reply.setCookie(CHOICE_COOKIE, holder, cookieOptions(req, store, 365 * 24 * 3600));
          }
          await choosePersonalisation(ctx, holder, req.body.personalisation === 'on', signalsOf(req.headers));
        });
        return reply.redirect(`${basePathOf(req, store)}/privacy/settings?saved=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const html = await inStore(req, store, (ctx) =>
          settingsPage(req, reply, ctx, { problem: error.message }),
        );
        return send(reply, httpStatusOf(error.kind), html);
      }
    },
  );

  // "Matched for you", loaded into the product page after it arrived (the page itself is the same
  // for everyone and cached); it reads the visitor's own consent on this request.
  app.get(
    '/s/:store/for-you',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({
          viewing: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 120 })),
          place: Type.Optional(Type.Union([Type.Literal('product'), Type.Literal('side')])),
        }),
      },
    },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) => {
        const found = await recommendationsFor(
          ctx,
          holderOf(ctx, req),
          signalsOf(req.headers),
          req.query.viewing,
        );
        return renderPage(
          <ForYouFragment
            frame={await pageFrame(ctx, req)}
            products={found.products}
            place={req.query.place}
          />,
        );
      });
      return reply
        .header('cache-control', 'private, no-store')
        .type('text/html; charset=utf-8')
        .send(html.replace(/^<!DOCTYPE html>/i, ''));
    },
  );

  // A complaint from anyone (DR-7).
  app.get(
    '/s/:store/privacy/complaint',
    { schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) =>
        renderPage(<ComplaintPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} />),
      );
      return send(reply, 200, html);
    },
  );
  app.post(
    '/s/:store/privacy/complaint',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          email: Type.String({ maxLength: 254 }),
          message: Type.String({ maxLength: 4000 }),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      const { email, message } = req.body;
      const html = await inStore(req, store, async (ctx) => {
        const frame = await pageFrame(ctx, req);
        const problem = !/^[^@\s]{1,64}@[^@\s]{1,189}$/.test(email.trim())
          ? 'give an e-mail address we can answer at'
          : message.trim().length < 2
            ? 'write what happened'
            : undefined;
        if (problem)
          return {
            status: 400,
            html: renderPage(<ComplaintPage frame={frame} csrf={reply.generateCsrf()} problem={problem} />),
          };
        const requester: Requester = ctx.actor.kind === 'member' ? memberRequester(ctx) : { kind: 'visitor' };
        const opened = await writeRequest(ctx, requester, {
          kind: 'complaint',
          message,
          contactEmail: email.trim(),
        });
        return {
          status: 200,
          html: renderPage(
            <ComplaintPage
              frame={frame}
              csrf={reply.generateCsrf()}
              sent={{ reference: opened.reference, dueAt: opened.dueAt }}
            />,
          ),
        };
      });
      return send(reply, html.status, html.html);
    },
  );
}
