import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { AppError, httpStatusOf } from '#platform/errors.ts';
import { basePathOf } from '#modules/tenants';
import {
  changeNickname,
  confirmEmailChange,
  listAddresses,
  readOwnProfile,
  removeAddress,
  requestEmailChange,
  saveAddress,
} from '#modules/accounts';
import { renderPage } from './render.ts';
import { pageFrame, StoreParams, Slug } from './store-request.ts';
import { ConfirmEmailPage, DetailsPage } from './pages/details.tsx';

const send = (reply: FastifyReply, status: number, html: string) =>
  reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
const limited = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const Csrf = { _csrf: Type.String({ maxLength: 200 }) };
const NOTICES = {
  nickname: 'Your nickname is saved.',
  email: 'We sent a link to the new address: the change happens when you open it.',
  address: 'The address is saved.',
  removed: 'The address is removed.',
} as const;

/** A member's details (DR-1): nickname, e-mail address with re-verification, address book. */
export function detailsRoutes(app: Http, { inStore }: ModuleDeps): void {
  const csrfCheck = app.csrfProtection.bind(app);
  const detailsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    state: { notice?: string; problem?: string } = {},
  ) => {
    const profile = await readOwnProfile(ctx);
    if (!profile) return undefined;
    return renderPage(
      <DetailsPage
        frame={await pageFrame(ctx, req)}
        csrf={reply.generateCsrf()}
        {...profile}
        addresses={await listAddresses(ctx)}
        {...state}
      />,
    );
  };
  const loginUrl = (req: FastifyRequest, store: string) => `${basePathOf(req, store)}/account/login`;

  app.get(
    '/s/:store/account/details',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (req, reply) => {
      const { store } = req.params;
      const notice = NOTICES[req.query.done as keyof typeof NOTICES];
      const html = await inStore(req, store, (ctx) => detailsPage(req, reply, ctx, notice ? { notice } : {}));
      if (!html) return reply.header('cache-control', 'no-store').redirect(loginUrl(req, store), 303);
      return send(reply, 200, html);
    },
  );

  /** Runs one change; a refusal shows the page again with the problem, nothing changed. */
  const change = async (
    req: FastifyRequest,
    reply: FastifyReply,
    store: string,
    done: keyof typeof NOTICES,
    run: (ctx: Ctx) => Promise<unknown>,
  ) => {
    try {
      const ok = await inStore(req, store, async (ctx) => {
        if (ctx.actor.kind !== 'member') return false;
        await run(ctx);
        return true;
      });
      if (!ok) return reply.redirect(loginUrl(req, store), 303);
      return reply.redirect(`${basePathOf(req, store)}/account/details?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const html = await inStore(req, store, (ctx) =>
        detailsPage(req, reply, ctx, { problem: error.message }),
      );
      if (!html) return reply.redirect(loginUrl(req, store), 303);
      return send(reply, httpStatusOf(error.kind), html);
    }
  };

  app.post(
    '/s/:store/account/details/nickname',
    {
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({ ...Csrf, nickname: Type.String({ maxLength: 40 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      change(req, reply, req.params.store, 'nickname', (ctx) => changeNickname(ctx, req.body.nickname)),
  );
  app.post(
    '/s/:store/account/details/email',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          ...Csrf,
          email: Type.String({ maxLength: 254 }),
          password: Type.String({ maxLength: 200 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      change(req, reply, req.params.store, 'email', (ctx) =>
        requestEmailChange(ctx, { email: req.body.email, password: req.body.password }),
      ),
  );
  const AddressForm = Type.Object({
    ...Csrf,
    recipientName: Type.String({ maxLength: 120 }),
    line1: Type.String({ maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ maxLength: 120 }),
    region: Type.Optional(Type.String({ maxLength: 120 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    countryCode: Type.String({ maxLength: 2 }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  });
  app.post(
    '/s/:store/account/details/addresses',
    { schema: { hide: true, params: StoreParams, body: AddressForm }, preHandler: csrfCheck },
    (req, reply) => {
      const { _csrf: _c, ...address } = req.body;
      const blankToUndefined = (v: string | undefined) => (v?.trim() ? v : undefined);
      return change(req, reply, req.params.store, 'address', (ctx) =>
        saveAddress(ctx, {
          ...address,
          line2: blankToUndefined(address.line2),
          region: blankToUndefined(address.region),
          postalCode: blankToUndefined(address.postalCode),
          phone: blankToUndefined(address.phone),
        }),
      );
    },
  );
  app.post(
    '/s/:store/account/details/addresses/:id/remove',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: Slug, id: Type.String({ maxLength: 40 }) }),
        body: Type.Object(Csrf),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      change(req, reply, req.params.store, 'removed', (ctx) => removeAddress(ctx, req.params.id)),
  );

  // The link e-mailed to a new address opens this page; its button confirms (DR-1).
  app.get(
    '/s/:store/account/email/confirm',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({ token: Type.String({ maxLength: 100 }) }),
      },
    },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) =>
        renderPage(
          <ConfirmEmailPage
            frame={await pageFrame(ctx, req)}
            csrf={reply.generateCsrf()}
            token={req.query.token}
          />,
        ),
      );
      // The page URL holds a one-time secret: never send it on as a Referer.
      return send(reply.header('referrer-policy', 'no-referrer'), 200, html);
    },
  );
  app.post(
    '/s/:store/account/email/confirm',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({ ...Csrf, token: Type.String({ maxLength: 100 }) }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      let problem: string | undefined;
      try {
        await inStore(req, store, (ctx) => confirmEmailChange(ctx, req.body.token));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problem = error.message;
      }
      const html = await inStore(req, store, async (ctx) =>
        renderPage(
          <ConfirmEmailPage
            frame={await pageFrame(ctx, req)}
            csrf=""
            token=""
            problem={problem}
            done={!problem}
          />,
        ),
      );
      return send(reply, problem ? 400 : 200, html);
    },
  );
}
