import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import { AppError, notFound } from '#platform/errors.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { basePathOf } from '#modules/tenants';
import {
  checkRegistration,
  confirmRegistration,
  logIn,
  logOut,
  readOwnProfile,
  registerCustomer,
  SESSION_DAYS,
  startSession,
  requestPasswordReset,
  resetPassword,
} from '#modules/accounts';
import { readOutbox } from '#modules/notifications';
import { mergeCartOnLogIn } from '#modules/cart';
import { renderPage } from './render.ts';
import { CART_COOKIE, cookiePath, pageFrame, SESSION_COOKIE, StoreParams } from './store-request.ts';
import {
  AccountPage,
  ConfirmPage,
  ForgotPage,
  LogInPage,
  OutboxPage,
  RegisterPage,
  RegisterSentPage,
  ResetPage,
} from './pages/account.tsx';

/** Addresses of this machine (IPv4, IPv6 and IPv4-mapped loopback). */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Per-IP limit on posting the account forms: generous for people, tight for password guessing. */
export const ACCOUNT_FORM_LIMIT = { max: 10, timeWindow: '1 minute' };
const limited = { rateLimit: ACCOUNT_FORM_LIMIT };

// Only the declared fields are accepted (PV-3): anything else in the form is dropped before use.
const LogInBody = Type.Object({
  _csrf: Type.String(),
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
});
const RegisterBody = Type.Object({
  _csrf: Type.String(),
  nickname: Type.String({ maxLength: 40 }),
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
});

function page(reply: FastifyReply, status: number, body: string) {
  // Pages with forms or personal data are never cached anywhere.
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

/** Member pages (SF-7): register, log in, log out, account. Forms carry CSRF tokens. */
export function accountRoutes(
  app: Http,
  { inStore, asSystem, background, settings, caughtMail }: ModuleDeps,
): void {
  const { behindTls } = settings;
  const csrfCheck = app.csrfProtection.bind(app);
  const setSession = (reply: FastifyReply, request: FastifyRequest, slug: string, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: cookiePath(request, slug),
      httpOnly: true,
      sameSite: 'lax',
      secure: behindTls,
      maxAge: SESSION_DAYS * 86_400,
    });

  /** The visitor's cart joins the member's cart; the anonymous cart cookie is then useless and cleared. */
  const mergeVisitorCart = async (
    request: FastifyRequest,
    reply: FastifyReply,
    store: string,
    customerId: string,
  ) => {
    if (!request.cookies[CART_COOKIE]) return;
    await inStore(request, store, (ctx) => mergeCartOnLogIn(ctx, customerId));
    void reply.clearCookie(CART_COOKIE, { path: cookiePath(request, store) });
  };

  const NOTICES = {
    signed_out: 'You are logged out. See you soon.',
    password_changed: 'Your password is changed. Log in with the new one.',
  } as const;
  app.get(
    '/s/:store/account/login',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({
          done: Type.Optional(Type.Union([Type.Literal('signed_out'), Type.Literal('password_changed')])),
        }),
      },
    },
    async (req, reply) => {
      const notice = req.query.done ? NOTICES[req.query.done] : undefined;
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(
          <LogInPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} notice={notice} />,
        ),
      );
      return page(reply, 200, body);
    },
  );

  app.post(
    '/s/:store/account/login',
    { config: limited, schema: { hide: true, params: StoreParams, body: LogInBody }, preHandler: csrfCheck },
    async (req, reply) => {
      const { store } = req.params;
      // The refusal is committed with its failure count before it is shown (lockout must stick).
      const result = await inStore(req, store, (ctx) =>
        logIn(ctx, { email: req.body.email, password: req.body.password }),
      );
      if (result.status === 'refused') {
        const body = await inStore(req, store, async (ctx) =>
          renderPage(
            <LogInPage
              frame={await pageFrame(ctx, req)}
              csrf={reply.generateCsrf()}
              problem={result.error.message}
              email={req.body.email}
            />,
          ),
        );
        return page(reply, result.error.kind === 'rate_limited' ? 429 : 401, body);
      }
      setSession(reply, req, store, result.token);
      await mergeVisitorCart(req, reply, store, result.customerId);
      return reply.redirect(`${basePathOf(req, store)}/account`, 303);
    },
  );

  app.get(
    '/s/:store/account/register',
    { schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(<RegisterPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} />),
      );
      return page(reply, 200, body);
    },
  );

  app.post(
    '/s/:store/account/register',
    {
      config: limited,
      schema: { hide: true, params: StoreParams, body: RegisterBody },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      const { nickname, email, password } = req.body;
      let input;
      try {
        input = checkRegistration({ nickname, email, password });
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
        const body = await inStore(req, store, async (ctx) =>
          renderPage(
            <RegisterPage
              frame={await pageFrame(ctx, req)}
              csrf={reply.generateCsrf()}
              problem={error.message}
              nickname={nickname}
              email={email}
            />,
          ),
        );
        return page(reply, 400, body);
      }
      // The answer is the same, and as fast, whether or not the address has an account.
      background.run('register', () =>
        asSystem(store, 'accounts.register', (ctx) => registerCustomer(ctx, input)),
      );
      const body = await inStore(req, store, async (ctx) =>
        renderPage(<RegisterSentPage frame={await pageFrame(ctx, req)} />),
      );
      return page(reply, 202, body);
    },
  );

  const ConfirmQuery = Type.Object({ token: Type.String({ maxLength: 100 }) });
  app.get(
    '/s/:store/account/confirm',
    { schema: { hide: true, params: StoreParams, querystring: ConfirmQuery } },
    async (req, reply) => {
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(
          <ConfirmPage
            frame={await pageFrame(ctx, req)}
            csrf={reply.generateCsrf()}
            token={req.query.token}
          />,
        ),
      );
      // The page URL holds a one-time secret: never send it on as a Referer.
      return page(reply.header('referrer-policy', 'no-referrer'), 200, body);
    },
  );

  app.post(
    '/s/:store/account/confirm',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({ _csrf: Type.String(), token: Type.String({ maxLength: 100 }) }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      let outcome: { token: string; customerId: string } | { problem: string };
      try {
        outcome = await inStore(req, store, async (ctx) => {
          const confirmed = await confirmRegistration(ctx, req.body.token);
          if (confirmed.status === 'exists')
            return { problem: 'This e-mail address already has an account. Log in, or reset your password.' };
          const session = await startSession(ctx, confirmed.customerId);
          return { token: session.token, customerId: confirmed.customerId };
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
        outcome = { problem: error.message };
      }
      if ('problem' in outcome) {
        const { problem } = outcome;
        const body = await inStore(req, store, async (ctx) =>
          renderPage(<ConfirmPage frame={await pageFrame(ctx, req)} csrf="" token="" problem={problem} />),
        );
        return page(reply, 400, body);
      }
      setSession(reply, req, store, outcome.token);
      await mergeVisitorCart(req, reply, store, outcome.customerId);
      return reply.redirect(`${basePathOf(req, store)}/account`, 303);
    },
  );

  app.get('/s/:store/account', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
    const { store } = req.params;
    const body = await inStore(req, store, async (ctx) => {
      const profile = await readOwnProfile(ctx);
      return profile
        ? renderPage(
            <AccountPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} {...profile} />,
          )
        : null;
    });
    if (body === null)
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${basePathOf(req, store)}/account/login`, 303);
    return page(reply, 200, body);
  });

  app.post(
    '/s/:store/account/logout',
    {
      schema: { hide: true, params: StoreParams, body: Type.Object({ _csrf: Type.String() }) },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      if (req.cookies[SESSION_COOKIE]) await inStore(req, store, (ctx) => logOut(ctx));
      reply.clearCookie(SESSION_COOKIE, { path: cookiePath(req, store) });
      return reply.redirect(`${basePathOf(req, store)}/account/login?done=signed_out`, 303);
    },
  );

  app.get('/s/:store/account/forgot', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
    const body = await inStore(req, req.params.store, async (ctx) =>
      renderPage(<ForgotPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} sent={false} />),
    );
    return page(reply, 200, body);
  });

  app.post(
    '/s/:store/account/forgot',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({ _csrf: Type.String(), email: Type.String({ maxLength: 254 }) }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      // The same answer, as fast, whether or not the address has an account.
      const email = req.body.email;
      background.run('password-reset', () =>
        asSystem(store, 'accounts.password-reset', (ctx) => requestPasswordReset(ctx, { email })),
      );
      const body = await inStore(req, store, async (ctx) =>
        renderPage(<ForgotPage frame={await pageFrame(ctx, req)} csrf="" sent={true} />),
      );
      return page(reply, 200, body);
    },
  );

  app.get(
    '/s/:store/account/reset',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({ token: Type.String({ maxLength: 100 }) }),
      },
    },
    async (req, reply) => {
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(
          <ResetPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} token={req.query.token} />,
        ),
      );
      // The page URL holds a one-time secret: never send it on as a Referer.
      return page(reply.header('referrer-policy', 'no-referrer'), 200, body);
    },
  );

  app.post(
    '/s/:store/account/reset',
    {
      config: limited,
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          _csrf: Type.String(),
          token: Type.String({ maxLength: 100 }),
          password: Type.String({ maxLength: 200 }),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      try {
        await inStore(req, store, (ctx) =>
          resetPassword(ctx, { token: req.body.token, password: req.body.password }),
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== 'invalid') throw error;
        const body = await inStore(req, store, async (ctx) =>
          renderPage(
            <ResetPage
              frame={await pageFrame(ctx, req)}
              csrf={reply.generateCsrf()}
              token={req.body.token}
              problem={error.message}
            />,
          ),
        );
        return page(reply, 400, body);
      }
      return reply.redirect(`${basePathOf(req, store)}/account/login?done=password_changed`, 303);
    },
  );

  if (settings.devOutbox) {
    // It shows personal data without a sign-in, so only this machine may see it: a request from
    // elsewhere, or one forwarded by a proxy (which may itself be on loopback), finds nothing.
    const fromThisMachine = (req: FastifyRequest) =>
      LOOPBACK.has(req.socket.remoteAddress ?? '') &&
      req.headers['x-forwarded-for'] === undefined &&
      req.headers.forwarded === undefined;
    app.get('/s/:store/dev/outbox', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
      if (!fromThisMachine(req)) throw notFound('page');
      const body = await inStore(req, req.params.store, async (ctx) =>
        renderPage(
          <OutboxPage
            frame={await pageFrame(ctx, req)}
            messages={await readOutbox(ctx, 20)}
            caught={await caughtMail?.(req.params.store)}
          />,
        ),
      );
      return page(reply, 200, body);
    });
  }
}
