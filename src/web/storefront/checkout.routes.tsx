import { randomBytes } from 'node:crypto';
import { Type, type Static } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import { AppError, httpStatusOf } from '#platform/errors.ts';
import type { AddressInput } from '#platform/shipping-address.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { basePathOf } from '#modules/tenants';
import { listAddresses, readOwnProfile } from '#modules/accounts';
import { cartOwnerOf, findCart, viewCart } from '#modules/cart';
import {
  ACCESS_GRANT_HOURS,
  addressChangeable,
  changeShippingAddress,
  listMemberOrders,
  lookUpOrder,
  viewOrder,
} from '#modules/orders';

import { submitCheckout } from '#modules/checkout';
import { renderFragment, renderPage } from './render.ts';
import {
  CART_COOKIE,
  cookiePath,
  ORDER_ACCESS_COOKIE,
  pageFrame,
  Slug,
  StoreParams,
} from './store-request.ts';
import { CheckoutPage, CountryFields, type CheckoutValues } from './pages/checkout.tsx';
import { OrderHistoryPage, OrderLookupPage, OrderPage, TrackingPage } from './pages/orders.tsx';
import { parcelsOfOrder, trackOrder } from '#modules/shipping';
import { afterSalesOf } from './returns.routes.tsx';
import { PolicyChangesPage, PrivacyPage } from './pages/privacy.tsx';
import {
  currentPrivacyDocument,
  keptPrivacyDocument,
  policyHistory,
  upcomingPolicyVersions,
} from '#modules/privacy';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
// Only these fields are read (PV-3): anything else a form sends is dropped before use.
/** The shipping address fields of a form (checkout, the order page's address change). */
const AddressFormFields = {
  recipientName: text(100),
  line1: text(120),
  line2: text(120),
  city: text(80),
  region: text(80),
  postalCode: text(16),
  countryCode: text(2),
  phone: text(32),
};
/** The address a form submitted, as the use cases take it (missing required text as empty). */
const addressOf = (form: Partial<Record<keyof typeof AddressFormFields, string>>): AddressInput => ({
  recipientName: form.recipientName ?? '',
  line1: form.line1 ?? '',
  line2: form.line2,
  city: form.city ?? '',
  region: form.region,
  postalCode: form.postalCode,
  countryCode: form.countryCode ?? '',
  phone: form.phone,
});
const CheckoutForm = Type.Object({
  _csrf: Type.String(),
  idempotencyKey: Type.String({ maxLength: 80 }),
  email: text(254),
  ...AddressFormFields,
  cardNumber: text(23),
  cardExpiry: text(7),
  cardCvc: text(4),
  consent: text(32),
  /** "country": show the chosen country's address fields without placing the order (no-JS forms). */
  refresh: Type.Optional(Type.Literal('country')),
});
type CheckoutForm = Static<typeof CheckoutForm>;

const LookupForm = Type.Object({
  _csrf: Type.String(),
  number: Type.String({ maxLength: 20 }),
  email: Type.String({ maxLength: 254 }),
});

/** "MM/YY" or "MM/YYYY" → month and year; anything else → 0/0, which the provider refuses clearly. */
function parseExpiry(typed: string | undefined): { expMonth: number; expYear: number } {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(typed ?? '');
  return m ? { expMonth: Number(m[1]), expYear: Number(m[2]) } : { expMonth: 0, expYear: 0 };
}

const send = (reply: FastifyReply, status: number, html: string) =>
  // Pages with forms or personal data are never cached anywhere.
  reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

/** Checkout, order confirmation, guest lookup, member order history and the privacy page (CK-1, CK-2). */
export function checkoutRoutes(app: Http, { inStore, settings }: ModuleDeps): void {
  const { behindTls } = settings;
  const csrfCheck = app.csrfProtection.bind(app);
  const inRequest =
    (req: FastifyRequest, store: string) =>
    <T,>(fn: (ctx: Ctx) => Promise<T>) =>
      inStore(req, store, fn);

  /** The checkout page, or undefined when there is nothing to check out. */
  async function renderCheckout(
    ctx: Ctx,
    req: FastifyRequest,
    reply: FastifyReply,
    state: {
      values: CheckoutValues;
      errors: Record<string, string>;
      problem?: string;
      key?: string;
      saved?: { id: string; summary: string }[];
    },
  ): Promise<string | undefined> {
    const owner = cartOwnerOf(ctx);
    const found = owner ? await findCart(ctx) : undefined;
    const cart = found ? await viewCart(ctx, found.id) : undefined;
    if (!cart || cart.lines.length === 0) return undefined;
    return renderPage(
      <CheckoutPage
        frame={await pageFrame(ctx, req)}
        cart={cart}
        csrf={reply.generateCsrf()}
        idempotencyKey={state.key ?? randomBytes(18).toString('base64url')}
        values={state.values}
        errors={state.errors}
        problem={state.problem}
        signedIn={ctx.actor.kind === 'member'}
        savedAddresses={state.saved ?? []}
      />,
    );
  }

  app.get(
    '/s/:store/checkout',
    {
      schema: {
        hide: true,
        params: StoreParams,
        querystring: Type.Object({
          address: Type.Optional(Type.String({ pattern: '^adr_[0-9a-z]+$', maxLength: 40 })),
        }),
      },
    },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) => {
        const email = (await readOwnProfile(ctx))?.email;
        // The form starts with the store's main market; the shopper may choose any other country.
        const countryCode = ctx.tenant.policy.mainMarket;
        // A member may start from an address of their address book (DR-1).
        const book = ctx.actor.kind === 'member' ? await listAddresses(ctx) : [];
        const chosen = book.find((a) => a.id === req.query.address);
        const fromBook: CheckoutValues = chosen
          ? {
              recipientName: chosen.recipientName,
              line1: chosen.line1,
              ...(chosen.line2 ? { line2: chosen.line2 } : {}),
              city: chosen.city,
              ...(chosen.region ? { region: chosen.region } : {}),
              ...(chosen.postalCode ? { postalCode: chosen.postalCode } : {}),
              countryCode: chosen.countryCode,
              ...(chosen.phone ? { phone: chosen.phone } : {}),
            }
          : {};
        return renderCheckout(ctx, req, reply, {
          values: { ...(email ? { email } : {}), ...(countryCode ? { countryCode } : {}), ...fromBook },
          errors: {},
          saved: book.map((a) => ({ id: a.id, summary: `${a.recipientName}, ${a.line1}, ${a.city}` })),
        });
      });
      if (!html) return reply.redirect(`${basePathOf(req, req.params.store)}/cart`, 303);
      return send(reply, 200, html);
    },
  );

  app.post(
    '/s/:store/checkout',
    {
      // Card-testing bots try many cards quickly; people do not.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { hide: true, params: StoreParams, body: CheckoutForm },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      const form: CheckoutForm = req.body;
      const cartPath = basePathOf(req, store);
      const owner = await inStore(req, store, async (ctx) => cartOwnerOf(ctx));
      if (!owner) return reply.redirect(`${cartPath}/cart`, 303);
      const values: CheckoutValues = {
        email: form.email,
        recipientName: form.recipientName,
        line1: form.line1,
        line2: form.line2,
        city: form.city,
        region: form.region,
        postalCode: form.postalCode,
        countryCode: form.countryCode,
        phone: form.phone,
        consent: form.consent,
      };
      if (form.refresh === 'country') {
        // Nothing is placed or checked: the same form again, with the chosen country's fields.
        const html = await inStore(req, store, (ctx) =>
          renderCheckout(ctx, req, reply, { values, errors: {}, key: form.idempotencyKey }),
        );
        if (!html) return reply.redirect(`${cartPath}/cart`, 303);
        return send(reply, 200, html);
      }
      try {
        const placed = await submitCheckout(inRequest(req, store), {
          idempotencyKey: form.idempotencyKey,
          email: form.email ?? '',
          address: addressOf(form),
          acceptedPolicyVersion: form.consent,
          payment: {
            card: { number: form.cardNumber ?? '', cvc: form.cardCvc ?? '', ...parseExpiry(form.cardExpiry) },
          },
        });
        const path = cookiePath(req, store);
        reply.setCookie(ORDER_ACCESS_COOKIE, placed.accessToken, {
          path,
          httpOnly: true,
          sameSite: 'lax',
          secure: behindTls,
          maxAge: ACCESS_GRANT_HOURS * 3600,
        });
        if (owner.kind === 'anonymous') reply.clearCookie(CART_COOKIE, { path });
        return reply.redirect(`${cartPath}/orders/${placed.number}?placed=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.kind === 'not_found') throw error;
        const fields = (error.details?.fields ?? {}) as Record<string, string>;
        const problem =
          error.kind === 'invalid' && Object.keys(fields).length > 0
            ? 'Please check the fields marked below.'
            : error.kind === 'unavailable'
              ? 'Payments are switched off in this store at the moment. Nothing was charged and no order was placed; please try again later.'
              : error.message;
        const html = await inStore(req, store, (ctx) =>
          renderCheckout(ctx, req, reply, { values, errors: fields, problem, key: form.idempotencyKey }),
        );
        if (!html) return reply.redirect(`${cartPath}/cart`, 303);
        const status =
          error.kind === 'invalid' || error.kind === 'forbidden' || error.kind === 'unauthenticated'
            ? 400
            : httpStatusOf(error.kind);
        return send(reply, status, html);
      }
    },
  );

  // htmx: the town, postal code and region fields for the country just chosen. A POST, so what
  // was typed travels in the body, never in a URL; nothing is stored.
  app.post(
    '/s/:store/checkout/address-fields',
    {
      schema: {
        hide: true,
        params: StoreParams,
        body: Type.Object({
          _csrf: Type.String(),
          countryCode: text(2),
          city: text(80),
          postalCode: text(16),
          region: text(80),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { countryCode, city, postalCode, region } = req.body;
      const html = renderFragment(
        <CountryFields
          countryCode={countryCode?.toUpperCase()}
          values={{ city, postalCode, region }}
          errors={{}}
        />,
      );
      return send(reply, 200, html);
    },
  );

  app.get('/s/:store/orders/lookup', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
    const html = await inStore(req, req.params.store, async (ctx) =>
      renderPage(<OrderLookupPage frame={await pageFrame(ctx, req)} csrf={reply.generateCsrf()} />),
    );
    return send(reply, 200, html);
  });

  app.post(
    '/s/:store/orders/lookup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { hide: true, params: StoreParams, body: LookupForm },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store } = req.params;
      try {
        const found = await inStore(req, store, (ctx) => lookUpOrder(ctx, req.body.number, req.body.email));
        reply.setCookie(ORDER_ACCESS_COOKIE, found.accessToken, {
          path: cookiePath(req, store),
          httpOnly: true,
          sameSite: 'lax',
          secure: behindTls,
          maxAge: ACCESS_GRANT_HOURS * 3600,
        });
        return reply.redirect(`${basePathOf(req, store)}/orders/${found.number}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== 'not_found') throw error;
        const html = await inStore(req, store, async (ctx) =>
          renderPage(
            <OrderLookupPage
              frame={await pageFrame(ctx, req)}
              csrf={reply.generateCsrf()}
              number={req.body.number}
              problem="We found no order with that number and e-mail address. Check both and try again."
            />,
          ),
        );
        return send(reply, 404, html);
      }
    },
  );

  app.get(
    '/s/:store/orders/:number',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: Slug, number: Type.String({ maxLength: 20 }) }),
        querystring: Type.Object({
          placed: Type.Optional(Type.String({ maxLength: 1 })),
          address: Type.Optional(Type.Literal('changed')),
          return: Type.Optional(Type.Literal('requested')),
          asked: Type.Optional(Type.Literal('1')),
          reviewed: Type.Optional(Type.Literal('1')),
        }),
      },
    },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) => {
        const order = await viewOrder(ctx, req.params.number);
        return renderPage(
          <OrderPage
            frame={await pageFrame(ctx, req)}
            order={order}
            parcels={await parcelsOfOrder(ctx, order.id)}
            afterSales={await afterSalesOf(ctx, order, reply.generateCsrf(), {
              done: req.query.return === 'requested',
              sent: req.query.asked === '1',
              reviewed: req.query.reviewed === '1',
            })}
            justPlaced={req.query.placed === '1'}
            addressChange={
              addressChangeable(order.status)
                ? { csrf: reply.generateCsrf(), done: req.query.address === 'changed' }
                : undefined
            }
          />,
        );
      });
      return send(reply, 200, html);
    },
  );

  // CK-4: the shopper's tracking page. Someone who cannot open the order (a guest whose access
  // expired, a link from the e-mail in another browser) is asked to find the order first.
  app.get(
    '/s/:store/orders/:number/tracking',
    {
      schema: {
        hide: true,
        params: Type.Object({ store: Slug, number: Type.String({ maxLength: 20 }) }),
      },
    },
    async (req, reply) => {
      const { store, number } = req.params;
      const outcome = await inStore(req, store, async (ctx) => {
        try {
          const { order, parcels } = await trackOrder(ctx, number);
          return {
            status: 200,
            html: renderPage(
              <TrackingPage frame={await pageFrame(ctx, req)} order={order} parcels={parcels} />,
            ),
          };
        } catch (error) {
          if (!(error instanceof AppError) || error.kind !== 'not_found') throw error;
          return {
            status: 404,
            html: renderPage(
              <OrderLookupPage
                frame={await pageFrame(ctx, req)}
                csrf={reply.generateCsrf()}
                number={number}
                problem="To see the tracking of this order, find it first with its number and the e-mail address you checked out with."
              />,
            ),
          };
        }
      });
      return send(reply, outcome.status, outcome.html);
    },
  );

  // CK-4: the shopper changes the delivery address until the parcel leaves (the use case decides).
  app.post(
    '/s/:store/orders/:number/address',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        params: Type.Object({ store: Slug, number: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ _csrf: Type.String(), ...AddressFormFields }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store, number } = req.params;
      const { _csrf: _c, ...typed } = req.body;
      try {
        await inStore(req, store, (ctx) => changeShippingAddress(ctx, number, addressOf(typed)));
        return reply.redirect(`${basePathOf(req, store)}/orders/${number}?address=changed`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.kind === 'not_found') throw error;
        const fields = (error.details?.fields ?? {}) as Record<string, string>;
        const html = await inStore(req, store, async (ctx) =>
          renderPage(
            <OrderPage
              frame={await pageFrame(ctx, req)}
              order={await viewOrder(ctx, number)}
              justPlaced={false}
              addressChange={{
                csrf: reply.generateCsrf(),
                values: typed,
                errors: fields,
                problem:
                  Object.keys(fields).length > 0 ? 'Please check the fields marked below.' : error.message,
              }}
            />,
          ),
        );
        return send(reply, error.kind === 'invalid' ? 400 : httpStatusOf(error.kind), html);
      }
    },
  );

  app.get('/s/:store/account/orders', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
    const html = await inStore(req, req.params.store, async (ctx) => {
      if (ctx.actor.kind !== 'member') return undefined;
      return renderPage(
        <OrderHistoryPage frame={await pageFrame(ctx, req)} orders={await listMemberOrders(ctx)} />,
      );
    });
    if (!html) return reply.redirect(`${basePathOf(req, req.params.store)}/account/login`, 303);
    return send(reply, 200, html);
  });

  app.get('/s/:store/privacy', { schema: { hide: true, params: StoreParams } }, async (req, reply) => {
    const html = await inStore(req, req.params.store, async (ctx) =>
      renderPage(
        <PrivacyPage
          frame={await pageFrame(ctx, req)}
          document={await currentPrivacyDocument(ctx)}
          upcoming={upcomingPolicyVersions(ctx.tenant.policy, ctx.now())}
        />,
      ),
    );
    return reply.header('cache-control', 'public, max-age=300').type('text/html; charset=utf-8').send(html);
  });

  app.get(
    '/s/:store/privacy/changes',
    { schema: { hide: true, params: StoreParams } },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) => {
        const history = await policyHistory(ctx);
        return renderPage(
          <PolicyChangesPage
            frame={await pageFrame(ctx, req)}
            versions={history.versions}
            current={history.current}
          />,
        );
      });
      return reply.header('cache-control', 'public, max-age=300').type('text/html; charset=utf-8').send(html);
    },
  );

  app.get(
    '/s/:store/privacy/versions/:version',
    {
      schema: {
        hide: true,
        params: Type.Object({
          store: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }),
          version: Type.String({ pattern: '^[0-9A-Za-z._-]{1,32}$' }),
        }),
      },
    },
    async (req, reply) => {
      const html = await inStore(req, req.params.store, async (ctx) =>
        renderPage(
          <PrivacyPage
            frame={await pageFrame(ctx, req)}
            document={await keptPrivacyDocument(ctx, req.params.version)}
            kept
            upcoming={[]}
          />,
        ),
      );
      return reply
        .header('cache-control', 'public, max-age=3600')
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );
}
