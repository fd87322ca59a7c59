import { Type } from 'typebox';
import type { Http } from '#platform/http/server.ts';
import type { ModuleDeps } from '#platform/module.ts';
import { BearerHeaders } from '#platform/http/bearer.ts';
import { ErrorBody, StoreParams, StoreSlug } from '#platform/http/schemas.ts';
import { OrderAccessHeaders, viewOrder } from '#modules/orders';
import {
  assignTicketToMe,
  closeTicket,
  openTicket,
  replyToTicket,
  shopperReply,
  TICKET_MESSAGE_MAX,
} from './tickets.ts';
import { ticketForStaff, ticketQueue, ticketsOfOrder, type TicketView } from './ticket-views.ts';
import { TICKET_TOPICS } from './ticket-status.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const DateTime = Type.String({ format: 'date-time' });
const TicketId = Type.String({ pattern: '^tkt_[0-9a-z]+$', maxLength: 40 });
const Message = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: TICKET_MESSAGE_MAX }) },
  { additionalProperties: false },
);

const TicketJson = Type.Object({
  id: Type.String(),
  orderNumber: Type.String(),
  topic: Type.String(),
  topicLabel: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  assigned: Type.Boolean(),
  assignedToMe: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  messages: Type.Optional(
    Type.Array(
      Type.Object({ from: Type.String(), body: Type.Union([Type.String(), Type.Null()]), at: DateTime }),
    ),
  ),
});

const ticketJson = (t: TicketView) => ({
  id: t.id,
  orderNumber: t.orderNumber,
  topic: t.topic,
  topicLabel: t.topicLabel,
  status: t.status,
  statusLabel: t.statusLabel,
  assigned: t.assigned,
  assignedToMe: t.assignedToMe,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  ...(t.messages
    ? { messages: t.messages.map((m) => ({ from: m.from, body: m.body, at: m.at.toISOString() })) }
    : {}),
});

/** Customer service's API: shoppers open cases on their orders; customer service answers. */
export function supportRoutes(app: Http, { inStore }: ModuleDeps): void {
  const orderParams = Type.Object({ store: StoreSlug, number: Type.String({ minLength: 1, maxLength: 20 }) });
  app.post(
    '/api/stores/:store/orders/:number/tickets',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['orders'],
        summary: 'Ask customer service about an order (member who placed it, or holder of X-Order-Access)',
        description: `topic: ${Object.keys(TICKET_TOPICS).join(', ')}.`,
        params: orderParams,
        headers: OrderAccessHeaders,
        body: Type.Object(
          {
            topic: Type.String({ maxLength: 20 }),
            message: Type.String({ minLength: 1, maxLength: TICKET_MESSAGE_MAX }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const made = await inStore(req, req.params.store, (ctx) =>
        openTicket(ctx, req.params.number, req.body),
      );
      return reply.code(201).header('cache-control', 'no-store').send(made);
    },
  );
  app.get(
    '/api/stores/:store/orders/:number/tickets',
    {
      schema: {
        tags: ['orders'],
        summary: 'The cases of an order with every message',
        params: orderParams,
        headers: OrderAccessHeaders,
        response: { 200: Type.Object({ tickets: Type.Array(TicketJson) }), ...errors },
      },
    },
    async (req, reply) => {
      const tickets = await inStore(req, req.params.store, async (ctx) =>
        ticketsOfOrder(ctx, (await viewOrder(ctx, req.params.number)).id),
      );
      return reply.header('cache-control', 'no-store').send({ tickets: tickets.map(ticketJson) });
    },
  );
  app.post(
    '/api/stores/:store/orders/:number/tickets/:id/messages',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['orders'],
        summary: 'Write again on a case of the order: it goes back to customer service',
        params: Type.Object({
          store: StoreSlug,
          number: Type.String({ minLength: 1, maxLength: 20 }),
          id: TicketId,
        }),
        headers: OrderAccessHeaders,
        body: Message,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await inStore(req, req.params.store, (ctx) =>
        shopperReply(ctx, req.params.number, req.params.id, req.body.message),
      );
      return reply.code(204).send(null);
    },
  );

  const staff = ['customer_service', 'owner', 'compliance'] as const;
  app.get(
    '/api/admin/stores/:store/tickets',
    {
      config: { auth: { staff } },
      schema: {
        tags: ['admin'],
        summary: 'The queue of open and answered cases (no messages, no contact details)',
        params: StoreParams,
        headers: BearerHeaders,
        response: { 200: Type.Object({ tickets: Type.Array(TicketJson) }), ...errors },
      },
    },
    async (req, reply) => {
      const tickets = await inStore(req, req.params.store, (ctx) => ticketQueue(ctx));
      return reply.header('cache-control', 'no-store').send({ tickets: tickets.map(ticketJson) });
    },
  );
  const idParams = Type.Object({ store: StoreSlug, id: TicketId });
  app.get(
    '/api/admin/stores/:store/tickets/:id',
    {
      config: { auth: { staff } },
      schema: {
        tags: ['admin'],
        summary: 'One case with its messages (the case at hand; audited)',
        params: idParams,
        headers: BearerHeaders,
        response: { 200: TicketJson, ...errors },
      },
    },
    async (req, reply) => {
      const t = await inStore(req, req.params.store, (ctx) => ticketForStaff(ctx, req.params.id));
      return reply.header('cache-control', 'no-store').send(ticketJson(t));
    },
  );
  const act = (path: string, summary: string, run: typeof closeTicket, withBody = false) =>
    app.post(
      `/api/admin/stores/:store/tickets/:id/${path}`,
      {
        config: { auth: { staff: ['customer_service', 'owner'] as const } },
        schema: {
          tags: ['admin'],
          summary,
          params: idParams,
          headers: BearerHeaders,
          ...(withBody ? { body: Message } : {}),
          response: { 200: TicketJson, ...errors },
        },
      },
      async (req, reply) => {
        const t = await inStore(req, req.params.store, async (ctx) => {
          await run(ctx, req.params.id);
          return ticketForStaff(ctx, req.params.id);
        });
        return reply.header('cache-control', 'no-store').send(ticketJson(t));
      },
    );
  app.post(
    '/api/admin/stores/:store/tickets/:id/reply',
    {
      config: { auth: { staff: ['customer_service', 'owner'] as const } },
      schema: {
        tags: ['admin'],
        summary: 'Answer a case: the shopper reads it on the order page and gets it by e-mail',
        params: idParams,
        headers: BearerHeaders,
        body: Message,
        response: { 200: TicketJson, ...errors },
      },
    },
    async (req, reply) => {
      const t = await inStore(req, req.params.store, async (ctx) => {
        await replyToTicket(ctx, req.params.id, req.body.message);
        return ticketForStaff(ctx, req.params.id);
      });
      return reply.header('cache-control', 'no-store').send(ticketJson(t));
    },
  );
  act('assign', 'Take a case', assignTicketToMe);
  act('close', 'Close a case (a new message from the shopper reopens it)', closeTicket);
}
