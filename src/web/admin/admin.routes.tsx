import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import type { Ctx } from '#platform/ctx.ts';
import { AppError } from '#platform/errors.ts';
import { STAFF_COOKIE, credentialsOf } from '#platform/http/credentials.ts';
import { STAFF_ROLES, type StaffRole } from '#platform/actor.ts';
import {
  addStaff,
  changeStaffRole,
  disableStaff,
  enableStaff,
  finishEnrolment,
  logInStaff,
  logOutStaff,
  staffHome,
  listStaff,
  noticesForStaff,
} from '#modules/staff';
import {
  listOrdersForStaff,
  orderForStaff,
  packingQueue,
  startPacking,
  ordersByEmailForStaff,
  salesReport,
  serviceLevels,
  unmaskOrderField,
  UNMASKABLE_ORDER_FIELDS,
  type StaffOrderView,
  type UnmaskableOrderField,
} from '#modules/orders';
import { searchReport } from '#modules/catalog';
import { findAuditEvents, UNMASK_REASONS, type UnmaskReason } from '#modules/privacy';
import { renderPage } from '../storefront/render.ts';
import { adminCatalogPages } from './catalog-pages.tsx';
import { adminSharingPages } from './sharing-pages.tsx';
import { adminReturnPages, adminShippingPages, ShipForm } from './shipping-pages.tsx';
import { returnRate } from '#modules/returns';
import { adminSupportPages } from './support-pages.tsx';
import { adminRequestPages } from './request-pages.tsx';
import { adminRetentionPages } from './retention-pages.tsx';
import { adminSecurityPages } from './security-pages.tsx';
import { adminLegalHoldPages } from './legal-hold-pages.tsx';
import { adminPolicyPages } from './policy-pages.tsx';
import { listIncidents, openAlertCount } from '#modules/security';
import { adminReviewPages } from './review-pages.tsx';
import { AdminLayout, BarChart, ROLE_LABEL, SECTIONS, money, staffTime, type AdminFrame } from './layout.tsx';

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);

const StoreSlug = Type.String({ pattern: '^[a-z0-9-]{1,40}$' });
const Store = Type.Object({ store: StoreSlug });
const StoreOrder = Type.Object({
  store: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
  number: Type.String({ maxLength: 40 }),
});

/** The order fields customer service may unmask (the orders module's list). */
const UNMASKABLE_FIELDS = Object.keys(UNMASKABLE_ORDER_FIELDS);

const ADDRESS_LABELS: Record<string, string> = {
  recipient_name: 'Recipient',
  street_line1: 'Street',
  street_line2: 'Street (2)',
  city: 'City',
  region: 'Region',
  postal_code: 'Postal code',
  phone: 'Phone',
  country_code: 'Country',
};

const rolesOf = (path: string) => SECTIONS.find((s) => s.path === path)!.roles;

/**
 * The back office (/admin): server-rendered pages on the same use cases and role views as the
 * admin API. Log-in with password and TOTP (enrolment with a QR code drawn here), a session cookie
 * for /admin only (HttpOnly, SameSite=Strict), CSRF tokens on every form, no script.
 */
export function adminPages(app: Http, { inStore, onPlatform, directory, settings }: ModuleDeps): void {
  const csrfCheck = app.csrfProtection.bind(app);
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(STAFF_COOKIE, token, {
      path: '/admin',
      httpOnly: true,
      sameSite: 'strict',
      secure: settings.behindTls,
    });

  const storeOf = (slug: string) => {
    const t = directory.bySlugOrUndefined(slug);
    return t ? { slug: t.slug, name: t.name } : undefined;
  };

  /** Runs a page's work as the signed-in staff user of `store`; sends them to log in otherwise. */
  async function staffPage(
    req: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    roles: readonly StaffRole[],
    title: string,
    body: (ctx: Ctx, frame: AdminFrame) => Promise<preact.ComponentChildren>,
  ) {
    try {
      const { content, frame } = await inStore(
        req,
        slug,
        async (ctx) => {
          const role = ctx.actor.kind === 'staff' ? ctx.actor.role : undefined;
          const frame: AdminFrame = { store: storeOf(slug), role, csrf: reply.generateCsrf() };
          return { content: await body(ctx, frame), frame };
        },
        { staff: roles },
      );
      return html(
        reply,
        200,
        renderPage(
          <AdminLayout frame={frame} title={title}>
            {content}
          </AdminLayout>,
        ),
      );
    } catch (error) {
      if (error instanceof AppError && error.kind === 'unauthenticated')
        return reply.redirect('/admin/login', 303);
      if (error instanceof AppError && (error.kind === 'forbidden' || error.kind === 'not_found'))
        return html(
          reply,
          error.kind === 'forbidden' ? 403 : 404,
          renderPage(
            <AdminLayout
              frame={{ store: storeOf(slug) }}
              title={error.kind === 'forbidden' ? 'Not for your role' : 'Not found'}
            >
              <p class="error">{error.message}</p>
              <p>
                <a href={`/admin/s/${slug}`}>Back to the dashboard</a>
              </p>
            </AdminLayout>,
          ),
        );
      throw error;
    }
  }

  const LoginPage = ({ csrf, error, email }: { csrf: string; error?: string; email?: string }) => (
    <AdminLayout frame={{}} title="Staff log-in">
      <form method="post" action="/admin/login" class="card login">
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="email">Work e-mail</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={email ?? ''}
          maxLength={254}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxLength={200}
        />
        <label for="totp">Code from your authenticator app</label>
        <input
          id="totp"
          name="totp"
          inputMode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9 ]{6,8}|[A-Za-z0-9-]{8,20}"
          maxLength={20}
        />
        <p class="muted">
          First log-in? Leave the code empty: you will set up your authenticator next. Lost your phone? Enter
          a recovery code.
        </p>
        <button class="primary" type="submit">
          Log in
        </button>
      </form>
    </AdminLayout>
  );

  app.get('/admin/login', { schema: { hide: true } }, async (_req, reply) =>
    html(reply, 200, renderPage(<LoginPage csrf={reply.generateCsrf()} />)),
  );

  app.post(
    '/admin/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        body: Type.Object({
          _csrf: Type.String(),
          email: Type.String({ maxLength: 254 }),
          password: Type.String({ maxLength: 200 }),
          totp: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { email, password, totp } = req.body;
      const code = totp?.replace(/\s/g, '') ?? '';
      const via = 'back_office' as const;
      const input = /^\d{6,8}$/.test(code)
        ? { email, password, totp: code, via }
        : code
          ? { email, password, recoveryCode: code, via }
          : { email, password, via };
      let result;
      try {
        result = await onPlatform(req, (ctx) => logInStaff(ctx, input));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return html(
          reply,
          401,
          renderPage(<LoginPage csrf={reply.generateCsrf()} error={error.message} email={email} />),
        );
      }
      if ('rejected' in result)
        return html(
          reply,
          result.rejected.kind === 'rate_limited' ? 429 : 401,
          renderPage(<LoginPage csrf={reply.generateCsrf()} error={result.rejected.message} email={email} />),
        );
      if ('mfaEnrolmentRequired' in result)
        return html(
          reply,
          200,
          renderPage(
            <AdminLayout frame={{}} title="Set up your authenticator">
              <form method="post" action="/admin/enrol" class="card login">
                <p>
                  Scan this code with an authenticator app (any TOTP app), then enter the 6-digit code it
                  shows.
                </p>
                {/* Drawn on our server from the secret; no outside service sees it. */}
                <div class="qr" dangerouslySetInnerHTML={{ __html: result.qrSvg }} />
                <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
                <p class="muted">
                  Cannot scan? Type this key into the app instead:{' '}
                  <code class="setup-key">{new URL(result.otpauthUri).searchParams.get('secret')}</code>
                </p>
                <input type="hidden" name="enrolmentToken" value={result.enrolmentToken} />
                <label for="totp">6-digit code</label>
                <input
                  id="totp"
                  name="totp"
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  required
                  pattern="[0-9]{6}"
                  maxLength={6}
                />
                <button class="primary" type="submit">
                  Finish set-up
                </button>
              </form>
            </AdminLayout>,
          ),
        );
      setSession(reply, result.sessionToken);
      return reply.redirect('/admin', 303);
    },
  );

  app.post(
    '/admin/enrol',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        body: Type.Object({
          _csrf: Type.String(),
          enrolmentToken: Type.String({ maxLength: 100 }),
          totp: Type.String({ maxLength: 12 }),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      let done;
      try {
        done = await onPlatform(req, (ctx) =>
          finishEnrolment(ctx, req.body.enrolmentToken, req.body.totp.trim()),
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return html(
          reply,
          400,
          renderPage(
            <LoginPage csrf={reply.generateCsrf()} error={`${error.message}. Log in again to retry.`} />,
          ),
        );
      }
      setSession(reply, done.sessionToken);
      return html(
        reply,
        200,
        renderPage(
          <AdminLayout frame={{}} title="Your recovery codes">
            <div class="card">
              <p class="notice">
                Your authenticator is set up. Keep these ten one-time codes somewhere safe: each lets you in
                once if you lose your phone. They are shown only now.
              </p>
              <ul class="codes">
                {done.recoveryCodes.map((c) => (
                  <li>{c}</li>
                ))}
              </ul>
              <a class="primary" href="/admin">
                Continue to the back office
              </a>
            </div>
          </AdminLayout>,
        ),
      );
    },
  );

  app.post(
    '/admin/logout',
    { schema: { hide: true, body: Type.Object({ _csrf: Type.String() }) }, preHandler: csrfCheck },
    async (req, reply) => {
      const token = credentialsOf(req).credentials.staffToken;
      if (token) await onPlatform(req, (ctx) => logOutStaff(ctx, token));
      void reply.clearCookie(STAFF_COOKIE, { path: '/admin' });
      return reply.redirect('/admin/login', 303);
    },
  );

  app.get('/admin', { schema: { hide: true } }, async (req, reply) => {
    const token = credentialsOf(req).credentials.staffToken;
    const home = token ? await onPlatform(req, (ctx) => staffHome(ctx, token)) : undefined;
    if (!home) return reply.redirect('/admin/login', 303);
    const stores = home.memberships.flatMap((m) => {
      const t = directory.all().find((x) => x.id === m.tenantId);
      return t ? [{ slug: t.slug, name: t.name, role: m.role }] : [];
    });
    if (stores.length === 1) return reply.redirect(`/admin/s/${stores[0]!.slug}`, 303);
    return html(
      reply,
      200,
      renderPage(
        <AdminLayout frame={{ csrf: reply.generateCsrf() }} title="Your stores">
          <div class="cards">
            {stores.map((s) => (
              <a class="card" href={`/admin/s/${s.slug}`}>
                <strong>{s.name}</strong>
                <p class="muted">{ROLE_LABEL[s.role]}</p>
              </a>
            ))}
          </div>
          {stores.length === 0 ? <p>You do not work for any store yet.</p> : null}
        </AdminLayout>,
      ),
    );
  });

  app.get('/admin/s/:store', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, STAFF_ROLES, 'Dashboard', async (ctx, frame) => {
      const role = frame.role!;
      const sections = SECTIONS.filter((s) => s.path !== '' && s.roles.includes(role));
      const DUTIES: Record<StaffRole, string> = {
        owner: 'Staff and catalog; personal data only through the same masked views as everyone.',
        warehouse: 'Pack and ship: the parcel’s address and items, nothing else.',
        customer_service: 'Orders with masked contact; unmask one field of the case at hand, with a reason.',
        operations: 'Sales and searches as aggregates of 5 people or more; no individual order.',
        finance: 'Amounts, payments and refunds; no names, addresses or e-mails.',
        compliance:
          'The audit log of every access, the records of processing, privacy requests, security alerts and incidents.',
      };
      // Open security alerts reach the owner and compliance on their first page (IR-3).
      const alerts = role === 'owner' || role === 'compliance' ? await openAlertCount(ctx) : 0;
      // Notices from the platform (PL-3): maintenance, service updates, renewals — every role.
      const notices = await noticesForStaff(ctx);
      // The incident clocks still running (IR-2): the next notice owed, on compliance's first page.
      const running =
        role === 'compliance' || role === 'owner'
          ? (await listIncidents(ctx))
              .filter((i) => i.incident.status !== 'closed')
              .flatMap((i) =>
                i.clocks
                  .filter((c) => !c.notifiedAt)
                  .map((c) => ({ reference: i.incident.reference, clock: c })),
              )
              .sort((a, b) => a.clock.dueAt.getTime() - b.clock.dueAt.getTime())
          : [];
      return (
        <>
          <p class="notice">{DUTIES[role]}</p>
          {running.length > 0 ? (
            <div class="card" role="alert">
              <strong>Notices owed</strong>
              <ul>
                {running.map(({ reference, clock }) => (
                  <li class={clock.overdue ? 'overdue' : undefined}>
                    <a href={`/admin/s/${req.params.store}/security/incidents/${reference}`}>{reference}</a>:{' '}
                    {clock.recipient === 'partner' ? 'marketplace / partner' : 'supervisory authority'} — due{' '}
                    {staffTime(ctx, clock.dueAt)}
                    {clock.overdue ? ` (${-clock.hoursLeft!} h overdue)` : ` (${clock.hoursLeft} h left)`}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {notices.map((n) => (
            <div class="card platform-notice" role="note">
              <small>
                {n.label}
                {n.everyStore ? ' · every store' : ''} · from {staffTime(ctx, n.startsAt)}
                {n.endsAt ? ` to ${staffTime(ctx, n.endsAt)}` : ''}
              </small>
              <p>
                <strong>{n.title}</strong>
              </p>
              <p>{n.body}</p>
            </div>
          ))}
          {alerts > 0 ? (
            <p class="error" role="alert">
              {alerts === 1 ? 'One security alert is open' : `${alerts} security alerts are open`}:{' '}
              <a href={`/admin/s/${req.params.store}/security`}>see and act on them</a>.
            </p>
          ) : null}
          <div class="cards">
            {sections.map((s) => (
              <a class="card" href={`/admin/s/${req.params.store}${s.path}`}>
                <strong>{s.label}</strong>
              </a>
            ))}
          </div>
        </>
      );
    }),
  );

  const OrderRow = ({ o, store }: { o: StaffOrderView; store: string }) => (
    <tr>
      <td>
        <a href={`/admin/s/${store}/orders/${o.number}`}>{o.number}</a>
      </td>
      <td>{o.placedAt ? o.placedAt.toISOString().slice(0, 16).replace('T', ' ') : ''}</td>
      <td>{o.statusLabel}</td>
      <td>{o.totalCents !== undefined ? money(o.totalCents, o.currency) : ''}</td>
      <td>{o.contactEmail ?? ''}</td>
    </tr>
  );

  const OrdersTable = ({ orders, store }: { orders: StaffOrderView[]; store: string }) => (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Order</th>
            <th>Placed (UTC)</th>
            <th>Status</th>
            <th>Total</th>
            <th>Contact</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <OrderRow o={o} store={store} />
          ))}
        </tbody>
      </table>
    </div>
  );

  app.get('/admin/s/:store/orders', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, rolesOf('/orders'), 'Orders', async (ctx) => {
      const orders = await listOrdersForStaff(ctx, { limit: 50 });
      return (
        <>
          <OrdersTable orders={orders} store={req.params.store} />
          {orders.length === 0 ? <p>No orders yet.</p> : null}
        </>
      );
    }),
  );

  const OrderDetail = ({
    o,
    frame,
    store,
    unmasked,
  }: {
    o: StaffOrderView;
    frame: AdminFrame;
    store: string;
    unmasked?: { field: string; value: string | null };
  }) => (
    <>
      <div class="card">
        <dl class="fields">
          <dt>Status</dt>
          <dd>{o.statusLabel}</dd>
          {o.placedAt ? (
            <>
              <dt>Placed</dt>
              <dd>{o.placedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</dd>
            </>
          ) : null}
          {o.totalCents !== undefined ? (
            <>
              <dt>Total</dt>
              <dd>{money(o.totalCents, o.currency)}</dd>
            </>
          ) : null}
          {o.contactEmail !== undefined ? (
            <>
              <dt>Contact e-mail</dt>
              <dd>{o.contactEmail ?? '—'}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {o.shipTo ? (
        <div class="card">
          <h2>Ship to</h2>
          <dl class="fields">
            {Object.entries(o.shipTo)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => (
                <>
                  <dt>{ADDRESS_LABELS[k] ?? k.replace(/_/g, ' ')}</dt>
                  <dd>{v ?? '—'}</dd>
                </>
              ))}
          </dl>
        </div>
      ) : null}
      {o.lines ? (
        <div class="card">
          <h2>Items</h2>
          <ul>
            {o.lines.map((l) => (
              <li>
                {l.quantity} × {l.productName} — {l.variantTitle} <span class="muted">({l.sku})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {unmasked ? (
        <p class="notice" role="status">
          {unmasked.field.replace(/_/g, ' ')}: <strong>{unmasked.value ?? '—'}</strong> (this unmask is in the
          audit log)
        </p>
      ) : null}
      {frame.role === 'customer_service' ? (
        <form method="post" action={`/admin/s/${store}/orders/${o.number}/unmask`} class="card inline-form">
          <input type="hidden" name="_csrf" value={frame.csrf} />
          <div>
            <label for="field">Unmask one field</label>
            <select id="field" name="field">
              {UNMASKABLE_FIELDS.map((f) => (
                <option value={f}>{f.replace(/_/g, ' ')}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="reason">Reason</label>
            <select id="reason" name="reason">
              {UNMASK_REASONS.map((r) => (
                <option value={r}>{r.replace(/_/g, ' ')}</option>
              ))}
            </select>
          </div>
          <div>
            <label for="reference">Case reference</label>
            <input
              id="reference"
              name="reference"
              required
              pattern="[A-Za-z0-9][A-Za-z0-9-]{0,39}"
              maxLength={40}
              placeholder="CASE-1042"
            />
          </div>
          <div>
            <button class="primary" type="submit">
              Unmask
            </button>
          </div>
        </form>
      ) : null}
    </>
  );

  app.get('/admin/s/:store/orders/:number', { schema: { hide: true, params: StoreOrder } }, (req, reply) =>
    staffPage(
      req,
      reply,
      req.params.store,
      rolesOf('/orders'),
      `Order ${req.params.number}`,
      async (ctx, frame) => (
        <OrderDetail o={await orderForStaff(ctx, req.params.number)} frame={frame} store={req.params.store} />
      ),
    ),
  );

  app.post(
    '/admin/s/:store/orders/:number/unmask',
    {
      schema: {
        hide: true,
        params: StoreOrder,
        body: Type.Object({
          _csrf: Type.String(),
          field: Type.String({ maxLength: 40 }),
          reason: Type.String({ maxLength: 40 }),
          reference: Type.String({ maxLength: 40 }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(
        req,
        reply,
        req.params.store,
        ['customer_service'],
        `Order ${req.params.number}`,
        async (ctx, frame) => {
          const { field, reason, reference } = req.body;
          if (!UNMASKABLE_FIELDS.includes(field) || !(UNMASK_REASONS as readonly string[]).includes(reason))
            throw new AppError('invalid', 'choose a field and a reason from the lists');
          let unmasked: { field: string; value: string | null } | undefined;
          let problem: string | undefined;
          try {
            unmasked = {
              field,
              value: await unmaskOrderField(ctx, req.params.number, field as UnmaskableOrderField, {
                reason: reason as UnmaskReason,
                reference,
              }),
            };
          } catch (error) {
            if (!(error instanceof AppError) || !['invalid', 'rate_limited'].includes(error.kind))
              throw error;
            problem = error.message;
          }
          return (
            <>
              {problem ? (
                <p class="error" role="alert">
                  {problem}
                </p>
              ) : null}
              <OrderDetail
                o={await orderForStaff(ctx, req.params.number)}
                frame={frame}
                store={req.params.store}
                unmasked={unmasked}
              />
            </>
          );
        },
      ),
  );

  const LookupForm = ({ frame, store, email }: { frame: AdminFrame; store: string; email?: string }) => (
    <form method="post" action={`/admin/s/${store}/lookup`} class="card inline-form">
      <input type="hidden" name="_csrf" value={frame.csrf} />
      <div>
        <label for="email">Exact e-mail address</label>
        <input id="email" name="email" type="email" required maxLength={254} value={email ?? ''} />
      </div>
      <div>
        <button class="primary" type="submit">
          Find orders
        </button>
      </div>
    </form>
  );

  app.get('/admin/s/:store/lookup', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, rolesOf('/lookup'), 'Customer lookup', async (_ctx, frame) => (
      <>
        <p class="muted">
          One exact address at a time: it is matched through a keyed hash and never shown back in clear. The
          lookup is recorded in the audit log.
        </p>
        <LookupForm frame={frame} store={req.params.store} />
      </>
    )),
  );

  app.post(
    '/admin/s/:store/lookup',
    {
      schema: {
        hide: true,
        params: Store,
        body: Type.Object({ _csrf: Type.String(), email: Type.String({ maxLength: 254 }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, rolesOf('/lookup'), 'Customer lookup', async (ctx, frame) => {
        const orders = await ordersByEmailForStaff(ctx, req.body.email);
        return (
          <>
            <LookupForm frame={frame} store={req.params.store} />
            {orders.length === 0 ? (
              <p>No order with that exact address.</p>
            ) : (
              <OrdersTable orders={orders} store={req.params.store} />
            )}
          </>
        );
      }),
  );

  adminCatalogPages(app, { staffPage, csrfCheck, directory });
  adminSharingPages(app, { staffPage, csrfCheck });
  adminShippingPages(app, { staffPage, csrfCheck, inStore });
  adminReturnPages(app, { staffPage, csrfCheck });
  adminSupportPages(app, { staffPage, csrfCheck });
  adminRequestPages(app, { staffPage, csrfCheck });
  adminRetentionPages(app, { staffPage });
  adminSecurityPages(app, { staffPage, csrfCheck });
  adminLegalHoldPages(app, { staffPage, csrfCheck, inStore });
  adminPolicyPages(app, { staffPage, csrfCheck, directory });
  adminReviewPages(app, { staffPage, csrfCheck });

  /** The packing queue's page body, with a note after an action. */
  const PackingQueue = async (
    ctx: Ctx,
    frame: AdminFrame,
    store: string,
    note?: { ok: boolean; text: string },
  ) => {
    const { parcels, late } = await packingQueue(ctx, { limit: 50 });
    const day = new Intl.DateTimeFormat('en-US', {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      timeZone: ctx.calendar.rules.timeZone,
    });
    return (
      <>
        {note ? (
          <p class={note.ok ? 'notice' : 'error'} role={note.ok ? 'status' : 'alert'}>
            {note.text}
          </p>
        ) : null}
        <p class="muted">
          Oldest first. Each order is due within {ctx.tenant.policy.processingDays.max} working days of being
          placed, by the end of the last one (weekends and the store’s holidays do not count). Each address
          you see here is recorded in the audit log.
        </p>
        {late > 0 ? (
          <p class="error" role="alert">
            {late} {late === 1 ? 'order is' : 'orders are'} late: pack {late === 1 ? 'it' : 'them'} first.
          </p>
        ) : null}
        {parcels.length === 0 ? <p>Nothing to pack.</p> : null}
        <div class="cards">
          {parcels.map((p) => (
            <div class={p.late ? 'card late' : 'card'}>
              <strong>{p.number}</strong>{' '}
              {p.late ? (
                <span class="badge late">Late — was due {day.format(p.dueBy)}</span>
              ) : (
                <span class="badge">
                  Due {day.format(p.dueBy)}
                  {p.workingDaysLeft === 0 ? ' (today)' : ''}
                </span>
              )}
              <p>
                {[
                  p.shipTo?.recipient_name,
                  p.shipTo?.street_line1,
                  p.shipTo?.street_line2,
                  [p.shipTo?.postal_code, p.shipTo?.city].filter(Boolean).join(' '),
                  p.shipTo?.country_code,
                ]
                  .filter(Boolean)
                  .map((line) => (
                    <>
                      {line}
                      <br />
                    </>
                  ))}
              </p>
              <ul>
                {(p.lines ?? []).map((l) => (
                  <li>
                    {l.quantity} × {l.sku} {l.productName}
                  </li>
                ))}
              </ul>
              <p class="actions">
                <a href={`/admin/s/${store}/packing/${p.number}`}>Packing slip</a>{' '}
                {p.status === 'paid' ? (
                  <form method="post" action={`/admin/s/${store}/packing/${p.number}/start`} class="inline">
                    <input type="hidden" name="_csrf" value={frame.csrf} />
                    <button type="submit">Start packing</button>
                  </form>
                ) : (
                  <span class="muted">{p.statusLabel}</span>
                )}{' '}
                <ShipForm frame={frame} store={store} number={p.number} />
              </p>
            </div>
          ))}
        </div>
      </>
    );
  };

  app.get('/admin/s/:store/packing', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, rolesOf('/packing'), 'Packing queue', (ctx, frame) =>
      PackingQueue(ctx, frame, req.params.store),
    ),
  );

  // A packing slip to print and put in the parcel: what is in it and where it goes; no prices.
  app.get(
    '/admin/s/:store/packing/:number',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, number: Type.String({ maxLength: 20 }) }),
      },
    },
    (req, reply) =>
      staffPage(
        req,
        reply,
        req.params.store,
        rolesOf('/packing'),
        `Packing slip ${req.params.number}`,
        async (ctx) => {
          const o = await orderForStaff(ctx, req.params.number);
          const to = o.shipTo ?? {};
          return (
            <div class="packing-slip">
              <p>
                <strong>{ctx.tenant.name}</strong> · order <strong>{o.number}</strong>
                {o.placedAt ? ` · placed ${o.placedAt.toISOString().slice(0, 10)}` : ''}
              </p>
              <h2>Ship to</h2>
              <address>
                {[
                  to.recipient_name,
                  to.street_line1,
                  to.street_line2,
                  [to.postal_code, to.city].filter(Boolean).join(' '),
                  to.region,
                  to.country_code,
                ]
                  .filter(Boolean)
                  .map((line) => (
                    <>
                      {line}
                      <br />
                    </>
                  ))}
              </address>
              <h2>In this parcel</h2>
              <table>
                <thead>
                  <tr>
                    <th>SKU</th>
                    <th>Item</th>
                    <th>Quantity</th>
                  </tr>
                </thead>
                <tbody>
                  {(o.lines ?? []).map((l) => (
                    <tr>
                      <td>{l.sku}</td>
                      <td>
                        {l.productName} ({l.variantTitle})
                      </td>
                      <td>{l.quantity}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="muted">
                Returns are free within {ctx.tenant.policy.returns.windowDays} days of delivery.
              </p>
            </div>
          );
        },
      ),
  );

  app.post(
    '/admin/s/:store/packing/:number/start',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: StoreSlug, number: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ _csrf: Type.String() }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, rolesOf('/packing'), 'Packing queue', async (ctx, frame) => {
        let note: { ok: boolean; text: string };
        try {
          await ctx.db.transaction((tx) => startPacking({ ...ctx, db: tx }, req.params.number));
          note = { ok: true, text: `Packing ${req.params.number}: it is now being processed.` };
        } catch (error) {
          if (!(error instanceof AppError) || error.kind !== 'conflict') throw error;
          note = { ok: false, text: error.message };
        }
        return PackingQueue(ctx, frame, req.params.store, note);
      }),
  );

  app.get('/admin/s/:store/reports', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, rolesOf('/reports'), 'Reports (last 30 days)', async (ctx) => {
      const sales = await salesReport(ctx, 30);
      const searches = await searchReport(ctx, 30);
      const levels = await serviceLevels(ctx, 30);
      const returns = await returnRate(ctx, 30);
      const currency = sales.byDay.rows[0]?.group.currency ?? 'EUR';
      const { processingDays: p, deliveryDays: d } = ctx.tenant.policy;
      return (
        <>
          <p class="muted">
            Aggregates only: a day, product, campaign or search phrase with fewer than{' '}
            {sales.byDay.minGroupSize} people is left out.
          </p>
          <h2>Revenue per day</h2>
          <BarChart
            bars={sales.byDay.rows.map((r) => ({
              label: r.group.day.slice(5),
              value: r.values.revenueCents,
            }))}
            unit={(v) => money(v, currency)}
          />
          <p class="muted">{sales.byDay.suppressedGroups} day(s) with fewer than 5 buyers not shown.</p>
          <h2>Best sellers</h2>
          {sales.topProducts.rows.length === 0 ? (
            <p class="muted">No product has 5 buyers or more yet.</p>
          ) : null}
          <div class="table-wrap" hidden={sales.topProducts.rows.length === 0}>
            <table>
              <thead>
                <tr>
                  <th>Product</th>
                  <th>Units</th>
                  <th>Revenue</th>
                </tr>
              </thead>
              <tbody>
                {sales.topProducts.rows.slice(0, 10).map((r) => (
                  <tr>
                    <td>{r.group.product}</td>
                    <td>{r.values.units}</td>
                    <td>{money(r.values.revenueCents, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Campaigns</h2>
          {sales.campaigns.rows.length === 0 ? <p class="muted">No campaign with 5 buyers or more.</p> : null}
          <ul>
            {sales.campaigns.rows.map((r) => (
              <li>
                {r.group.campaign}: {r.values.orders} orders, {money(r.values.discountCents, currency)}{' '}
                discount given
              </li>
            ))}
          </ul>
          <h2>Promises kept</h2>
          {levels.rows.length === 0 && returns.rows.length === 0 ? (
            <p class="muted">
              Not enough orders have shipped yet to show this without pointing at a few people.
            </p>
          ) : (
            <>
              <BarChart
                bars={[
                  ...levels.rows.map((r) => ({
                    label: r.group.measure === 'processing' ? 'Packed' : 'Arrived',
                    value: r.values.percent,
                  })),
                  ...returns.rows.map((r) => ({ label: 'Returned', value: r.values.percent })),
                ]}
                unit={(v) => `${v}%`}
              />
              <ul>
                {levels.rows.map((r) => (
                  <li>
                    {r.group.measure === 'processing'
                      ? `Packed and sent within ${p.max} working days: ${r.values.onTime} of ${r.values.orders} orders (${r.values.percent}%)`
                      : `Delivered within ${d.max} days of leaving: ${r.values.onTime} of ${r.values.orders} orders (${r.values.percent}%)`}
                  </li>
                ))}
                {returns.rows.map((r) => (
                  <li>
                    Returned: {r.values.returnedOrders} of {r.values.deliveredOrders} delivered orders (
                    {r.values.percent}%)
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>What shoppers search for</h2>
          {searches.rows.length === 0 ? (
            <p class="muted">No phrase has been searched 5 times or more yet.</p>
          ) : null}
          <div class="table-wrap" hidden={searches.rows.length === 0}>
            <table>
              <thead>
                <tr>
                  <th>Phrase</th>
                  <th>Searches</th>
                  <th>Found nothing</th>
                </tr>
              </thead>
              <tbody>
                {searches.rows.slice(0, 20).map((r) => (
                  <tr>
                    <td>{r.group.query}</td>
                    <td>{r.values.searches}</td>
                    <td>{r.values.zeroResults}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      );
    }),
  );

  const StaffTable = async (ctx: Ctx, frame: AdminFrame, store: string, problem?: string, done?: string) => {
    const staff = await listStaff(ctx);
    const canManage = frame.role === 'owner';
    return (
      <>
        {problem ? (
          <p class="error" role="alert">
            {problem}
          </p>
        ) : null}
        {done ? (
          <p class="notice" role="status">
            {done}
          </p>
        ) : null}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>E-mail</th>
                <th>Role</th>
                <th>MFA</th>
                <th>State</th>
                {canManage ? <th>Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {staff.map((s) => (
                <tr>
                  <td>{s.displayName ?? ''}</td>
                  <td>{s.email ?? ''}</td>
                  <td>{ROLE_LABEL[s.role]}</td>
                  <td>{s.mfaEnrolled ? 'enrolled' : 'not yet'}</td>
                  <td>{s.disabled ? 'disabled' : s.locked ? 'locked' : 'active'}</td>
                  {canManage ? (
                    <td>
                      <form method="post" action={`/admin/s/${store}/staff/${s.id}/role`} class="inline-form">
                        <input type="hidden" name="_csrf" value={frame.csrf} />
                        <select name="role" aria-label="New role">
                          {STAFF_ROLES.map((r) => (
                            <option value={r} selected={r === s.role}>
                              {ROLE_LABEL[r]}
                            </option>
                          ))}
                        </select>
                        <button type="submit">Change role</button>
                      </form>
                      <form
                        method="post"
                        action={`/admin/s/${store}/staff/${s.id}/${s.disabled ? 'enable' : 'disable'}`}
                      >
                        <input type="hidden" name="_csrf" value={frame.csrf} />
                        <button type="submit">{s.disabled ? 'Enable' : 'Disable (ends sessions now)'}</button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canManage ? (
          <form method="post" action={`/admin/s/${store}/staff`} class="card">
            <h2>Add a staff member</h2>
            <input type="hidden" name="_csrf" value={frame.csrf} />
            <label for="new-email">Work e-mail</label>
            <input id="new-email" name="email" type="email" required maxLength={254} />
            <label for="new-name">Name</label>
            <input id="new-name" name="displayName" required maxLength={80} />
            <label for="new-role">Role</label>
            <select id="new-role" name="role">
              {STAFF_ROLES.map((r) => (
                // The narrowest role first: nobody becomes an owner by leaving the default.
                <option value={r} selected={r === 'warehouse'}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
            <label for="new-password">First password (they set up their authenticator at first log-in)</label>
            <input
              id="new-password"
              name="password"
              type="password"
              required
              minLength={12}
              maxLength={200}
              autocomplete="new-password"
            />
            <p class="muted">
              At least 12 characters with upper and lower case, a digit and a symbol, without their name or
              e-mail.
            </p>
            <button class="primary" type="submit">
              Add
            </button>
          </form>
        ) : null}
      </>
    );
  };

  app.get('/admin/s/:store/staff', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(req, reply, req.params.store, ['owner', 'compliance'], 'Staff', (ctx, frame) =>
      StaffTable(ctx, frame, req.params.store),
    ),
  );

  /** An owner's staff change, then the staff page again with what happened (or what was wrong). */
  const staffChange = (
    path: string,
    body: ReturnType<typeof Type.Object>,
    act: (ctx: Ctx, req: FastifyRequest) => Promise<string>,
  ) =>
    app.post(
      path,
      {
        schema: {
          hide: true,
          params: Type.Object({
            store: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
            id: Type.Optional(Type.String({ maxLength: 60 })),
          }),
          body,
        },
        preHandler: csrfCheck,
      },
      (req, reply) => {
        const store = (req.params as { store: string }).store;
        return staffPage(req, reply, store, ['owner'], 'Staff', async (ctx, frame) => {
          let done: string | undefined;
          let problem: string | undefined;
          try {
            // A savepoint: a refused change leaves nothing half-done, and the page still renders.
            done = await ctx.db.transaction((tx) => act({ ...ctx, db: tx }, req));
          } catch (error) {
            if (
              !(error instanceof AppError) ||
              !['invalid', 'conflict', 'not_found', 'forbidden'].includes(error.kind)
            )
              throw error;
            problem = error.message;
          }
          return StaffTable(ctx, frame, store, problem, done);
        });
      },
    );
  const Role = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));
  staffChange(
    '/admin/s/:store/staff',
    Type.Object({
      _csrf: Type.String(),
      email: Type.String({ maxLength: 254 }),
      displayName: Type.String({ maxLength: 80 }),
      role: Role,
      password: Type.String({ maxLength: 200 }),
    }),
    async (ctx, req) => {
      const b = req.body as { email: string; displayName: string; role: StaffRole; password: string };
      const { created } = await addStaff(ctx, {
        email: b.email,
        displayName: b.displayName,
        role: b.role,
        password: b.password,
      });
      return created
        ? `Added as ${ROLE_LABEL[b.role]}. They set up their authenticator at first log-in.`
        : `They already had an account; they now work here as ${ROLE_LABEL[b.role]}.`;
    },
  );
  staffChange(
    '/admin/s/:store/staff/:id/role',
    Type.Object({ _csrf: Type.String(), role: Role }),
    async (ctx, req) => {
      const role = (req.body as { role: StaffRole }).role;
      await changeStaffRole(ctx, (req.params as { id: string }).id, role);
      return `Role changed to ${ROLE_LABEL[role]}; their open sessions have ended.`;
    },
  );
  staffChange(
    '/admin/s/:store/staff/:id/disable',
    Type.Object({ _csrf: Type.String() }),
    async (ctx, req) => {
      await disableStaff(ctx, (req.params as { id: string }).id);
      return 'Disabled; every open session of theirs has ended.';
    },
  );
  staffChange('/admin/s/:store/staff/:id/enable', Type.Object({ _csrf: Type.String() }), async (ctx, req) => {
    await enableStaff(ctx, (req.params as { id: string }).id);
    return 'Enabled; they can log in again.';
  });

  app.get(
    '/admin/s/:store/audit',
    {
      schema: {
        hide: true,
        params: Store,
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 30 })),
          actor: Type.Optional(Type.String({ maxLength: 80 })),
          subject: Type.Optional(Type.String({ maxLength: 40 })),
          from: Type.Optional(Type.String({ maxLength: 10 })),
          to: Type.Optional(Type.String({ maxLength: 10 })),
        }),
      },
    },
    (req, reply) =>
      staffPage(req, reply, req.params.store, rolesOf('/audit'), 'Audit log', async (ctx) => {
        const q = req.query;
        const day = (s?: string) =>
          s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : undefined;
        const to = day(q.to);
        const events = await findAuditEvents(
          ctx,
          {
            action: q.action || undefined,
            actor: q.actor || undefined,
            from: day(q.from),
            to: to ? new Date(to.getTime() + 86_400_000) : undefined,
          },
          200,
        );
        const shown = q.subject ? events.filter((e) => e.subject === q.subject) : events;
        return (
          <>
            <form method="get" class="card filters">
              <div>
                <label for="action">Action</label>
                <input id="action" name="action" value={q.action ?? ''} placeholder="read, unmask, login…" />
              </div>
              <div>
                <label for="actor">Actor</label>
                <input id="actor" name="actor" value={q.actor ?? ''} placeholder="staff:stf_…" />
              </div>
              <div>
                <label for="subject">Subject pseudonym</label>
                <input id="subject" name="subject" value={q.subject ?? ''} placeholder="ps_…" />
              </div>
              <div>
                <label for="from">From</label>
                <input id="from" name="from" type="date" value={q.from ?? ''} />
              </div>
              <div>
                <label for="to">To</label>
                <input id="to" name="to" type="date" value={q.to ?? ''} />
              </div>
              <div>
                <button class="primary" type="submit">
                  Filter
                </button>
              </div>
            </form>
            <p class="muted">
              Newest first, up to 200. Subjects appear only as pseudonyms; no event holds a personal value.
              `npx pledge audit verify` proves the chain intact.
            </p>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Time (UTC)</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Subject</th>
                    <th>Fields</th>
                    <th>Purpose</th>
                    <th>Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e) => (
                    <tr>
                      <td>{e.seq}</td>
                      <td>{e.at.toISOString().slice(0, 19).replace('T', ' ')}</td>
                      <td>
                        {e.actor}
                        {e.role ? <span class="muted"> ({e.role})</span> : null}
                      </td>
                      <td>{e.action}</td>
                      <td>{e.subject ?? ''}</td>
                      <td>
                        {e.tableName ? `${e.tableName}: ` : ''}
                        {e.fields.join(', ')}
                      </td>
                      <td>{e.purpose ?? ''}</td>
                      <td>
                        {Object.entries(e.detail)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(' ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      }),
  );

  app.get('/admin/s/:store/records', { schema: { hide: true, params: Store } }, (req, reply) =>
    staffPage(
      req,
      reply,
      req.params.store,
      rolesOf('/records'),
      'Records of processing (GDPR Art. 30)',
      async (ctx) => {
        const fields = [...ctx.vault.inventory.fields.entries()].sort(([a], [b]) => a.localeCompare(b));
        const retention = ctx.tenant.policy.retention as Record<
          string,
          { after: string; days: number; then: string }
        >;
        return (
          <>
            <p class="muted">
              Generated from the data inventory the code enforces: who reads each field comes from the same
              declaration the role views use.
            </p>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Field</th>
                    <th>Category</th>
                    <th>Purposes</th>
                    <th>Who may read</th>
                    <th>Shared with</th>
                    <th>Kept</th>
                    <th>Stored</th>
                  </tr>
                </thead>
                <tbody>
                  {fields.map(([key, f]) => {
                    const rule = retention[f.retention];
                    return (
                      <tr>
                        <td>{key}</td>
                        <td>{f.category}</td>
                        <td>{f.purposes.join(', ')}</td>
                        <td>{f.readableBy.join(', ') || 'nobody'}</td>
                        <td>{f.sharedWith.join(', ') || '—'}</td>
                        <td>
                          {rule
                            ? `${f.retention}: ${rule.then} ${rule.days} days after ${rule.after.replace(/_/g, ' ')}`
                            : f.retention}
                        </td>
                        <td>{f.storage === 'sealed' ? 'encrypted (AES-256-GCM)' : f.storage}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        );
      },
    ),
  );
}
