import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Http } from '#platform/http/server.ts';
import type { Ctx } from '#platform/ctx.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { AppError, httpStatusOf, notFound } from '#platform/errors.ts';
import { basePathOf } from '#modules/tenants';
import { orderFacts, viewOrder, type OrderView } from '#modules/orders';
import { reviewedProductsOf, submitReview, REVIEW_MAX } from '#modules/reviews';
import { parcelsOfOrder, returnLabelOf } from '#modules/shipping';
import { refusalsRecorded } from '#modules/privacy';
import {
  isReturnOfOrder,
  requestReturn,
  returnsOfOrder,
  returnWindowEnds,
  RETURN_NOTE_MAX,
} from '#modules/returns';
import { openTicket, shopperReply, ticketsOfOrder, TICKET_MESSAGE_MAX } from '#modules/support';
import { renderPage } from './render.ts';
import { pageFrame } from './store-request.ts';
import { OrderPage, ReturnLabelPage, type AfterSales } from './pages/orders.tsx';

const send = (reply: FastifyReply, status: number, html: string) =>
  // Pages with personal data are never cached anywhere.
  reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 80 });
/** A return or a case of an order, in a path: `/orders/:number/returns/:id`, `/orders/:number/tickets/:id`. */
const OrderItemParams = Type.Object({
  store: Slug,
  number: Type.String({ maxLength: 20 }),
  id: Type.String({ maxLength: 40 }),
});
const OrderParams = Type.Object({ store: Slug, number: Type.String({ maxLength: 20 }) });

/**
 * What the order page shows after the sale (CK-5): its returns, and — while the order is
 * delivered and inside the return window — the form to return what has not been returned yet.
 */
export async function afterSalesOf(
  ctx: Ctx,
  order: OrderView,
  csrf: string,
  state: {
    problem?: string;
    done?: boolean;
    sent?: boolean;
    ticketProblem?: string;
    reviewed?: boolean;
    reviewProblem?: string;
  } = {},
): Promise<AfterSales> {
  const returns = await returnsOfOrder(ctx, order.id);
  const tickets = { list: await ticketsOfOrder(ctx, order.id), csrf, sent: state.sent };
  const delivered = (await parcelsOfOrder(ctx, order.id)).find(
    (p) => p.direction === 'outbound',
  )?.deliveredAt;
  if (order.status !== 'delivered' || !delivered) return { returns, tickets, ...state };
  const reviews = await reviewsOf(ctx, order, csrf, state.reviewed);
  const until = returnWindowEnds(ctx, delivered);
  if (ctx.now().getTime() > until.getTime())
    return { returns, tickets, reviews, windowEnded: until, ...state };
  const taken = new Map<string, number>();
  for (const r of returns.filter((r) => r.status !== 'rejected'))
    for (const l of r.lines) taken.set(l.sku, (taken.get(l.sku) ?? 0) + l.quantity);
  const lines = order.lines
    .map((l) => ({
      sku: l.sku,
      productName: l.productName,
      variantTitle: l.variantTitle,
      left: l.quantity - (taken.get(l.sku) ?? 0),
    }))
    .filter((l) => l.left > 0);
  return { returns, tickets, reviews, form: lines.length > 0 ? { csrf, until, lines } : undefined, ...state };
}

/** The products of a delivered order its buyer may still review, and those already reviewed (SF-6). */
async function reviewsOf(ctx: Ctx, order: OrderView, csrf: string, sent: boolean | undefined) {
  const facts = await orderFacts(ctx, order.id);
  const done = await reviewedProductsOf(ctx, order.id);
  const seen = new Set(done.map((d) => d.productId));
  const open = [];
  for (const l of facts?.lines ?? []) {
    if (seen.has(l.productId)) continue;
    seen.add(l.productId);
    open.push({ sku: l.sku, productName: l.productName });
  }
  return { open, done: done.length, csrf, sent };
}

/** The order a return belongs to, when the visitor may open the order and the return is one of its own. */
async function shoppersReturn(ctx: Ctx, number: string, returnId: string): Promise<OrderView> {
  const order = await viewOrder(ctx, number);
  if (!(await isReturnOfOrder(ctx, order.id, returnId))) throw notFound('return', returnId);
  return order;
}

/** Returns in the storefront: the form on the order page, and the printable free label. */
export function storefrontReturnRoutes(app: Http, { inStore }: ModuleDeps): void {
  const csrfCheck = app.csrfProtection.bind(app);

  const orderPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    number: string,
    state: { problem?: string; done?: boolean; ticketProblem?: string; reviewProblem?: string },
  ) => {
    const order = await viewOrder(ctx, number);
    return renderPage(
      <OrderPage
        frame={await pageFrame(ctx, req)}
        order={order}
        justPlaced={false}
        parcels={await parcelsOfOrder(ctx, order.id)}
        afterSales={await afterSalesOf(ctx, order, reply.generateCsrf(), state)}
      />,
    );
  };

  app.post(
    '/s/:store/orders/:number/returns',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        params: OrderParams,
        // One `q_<sku>` quantity per line of the order, besides these.
        body: Type.Object(
          {
            _csrf: Type.String(),
            reason: Type.String({ maxLength: 40 }),
            note: Type.Optional(Type.String({ maxLength: RETURN_NOTE_MAX })),
          },
          // Pattern properties, so the validator's removal of unknown fields keeps them.
          { patternProperties: { '^q_[A-Za-z0-9._-]{1,64}$': Type.String({ maxLength: 3 }) } },
        ),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store, number } = req.params;
      const body = req.body as Record<string, string>;
      const lines = Object.entries(body)
        .filter(([k]) => k.startsWith('q_'))
        .map(([k, v]) => ({ sku: k.slice(2), quantity: /^\d{1,2}$/.test(v) ? Number(v) : -1 }));
      try {
        await refusalsRecorded(
          (fn) => inStore(req, store, fn),
          (ctx) => requestReturn(ctx, number, { lines, reason: body.reason!, note: body.note }),
        );
        return reply.redirect(`${basePathOf(req, store)}/orders/${number}?return=requested#returns`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.kind === 'not_found') throw error;
        const html = await inStore(req, store, (ctx) =>
          orderPage(req, reply, ctx, number, { problem: error.message }),
        );
        return send(reply, httpStatusOf(error.kind), html);
      }
    },
  );

  app.get(
    '/s/:store/orders/:number/returns/:id/label',
    {
      schema: {
        hide: true,
        params: OrderItemParams,
      },
    },
    async (req, reply) => {
      const { store, number, id } = req.params;
      const html = await inStore(req, store, async (ctx) => {
        const order = await shoppersReturn(ctx, number, id);
        return renderPage(<ReturnLabelPage frame={await pageFrame(ctx, req)} order={order} returnId={id} />);
      });
      return send(reply, 200, html);
    },
  );

  // The label itself: an image (an <img> never runs what an SVG might carry), read as the shopper.
  app.get(
    '/s/:store/orders/:number/returns/:id/label.svg',
    {
      schema: {
        hide: true,
        params: OrderItemParams,
      },
    },
    async (req, reply) => {
      const { store, number, id } = req.params;
      const svg = await inStore(req, store, async (ctx) => {
        await shoppersReturn(ctx, number, id);
        const label = await returnLabelOf(ctx, id);
        if (!label) throw notFound('return label', id);
        return label;
      });
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .type('image/svg+xml')
        .send(svg);
    },
  );

  // CK-6: the shopper asks about the order, or writes again on one of its cases.
  const ask = async (req: FastifyRequest, reply: FastifyReply, act: (ctx: Ctx) => Promise<unknown>) => {
    const { store, number } = req.params as { store: string; number: string };
    try {
      await inStore(req, store, act);
      return reply.redirect(`${basePathOf(req, store)}/orders/${number}?asked=1#questions`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind === 'not_found') throw error;
      const html = await inStore(req, store, (ctx) =>
        orderPage(req, reply, ctx, number, { ticketProblem: error.message }),
      );
      return send(reply, httpStatusOf(error.kind), html);
    }
  };
  app.post(
    '/s/:store/orders/:number/tickets',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        params: OrderParams,
        body: Type.Object({
          _csrf: Type.String(),
          topic: Type.String({ maxLength: 20 }),
          message: Type.String({ maxLength: TICKET_MESSAGE_MAX }),
        }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) => ask(req, reply, (ctx) => openTicket(ctx, req.params.number, req.body)),
  );
  app.post(
    '/s/:store/orders/:number/tickets/:id/messages',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        params: OrderItemParams,
        body: Type.Object({ _csrf: Type.String(), message: Type.String({ maxLength: TICKET_MESSAGE_MAX }) }),
      },
      preHandler: csrfCheck,
    },
    (req, reply) =>
      ask(req, reply, (ctx) => shopperReply(ctx, req.params.number, req.params.id, req.body.message)),
  );

  // SF-6: a verified buyer reviews a product of the delivered order.
  app.post(
    '/s/:store/orders/:number/reviews',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        hide: true,
        params: OrderParams,
        body: Type.Object({
          _csrf: Type.String(),
          sku: Type.String({ maxLength: 64 }),
          rating: Type.String({ maxLength: 1 }),
          text: Type.String({ maxLength: REVIEW_MAX }),
        }),
      },
      preHandler: csrfCheck,
    },
    async (req, reply) => {
      const { store, number } = req.params;
      try {
        await inStore(req, store, (ctx) =>
          submitReview(ctx, number, {
            sku: req.body.sku,
            rating: Number(req.body.rating),
            text: req.body.text,
          }),
        );
        return reply.redirect(`${basePathOf(req, store)}/orders/${number}?reviewed=1#reviews`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.kind === 'not_found') throw error;
        const html = await inStore(req, store, (ctx) =>
          orderPage(req, reply, ctx, number, { reviewProblem: error.message }),
        );
        return send(reply, httpStatusOf(error.kind), html);
      }
    },
  );
}
