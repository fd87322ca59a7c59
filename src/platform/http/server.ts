import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import helmet from 'helmet';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError, httpStatusOf } from '../errors.ts';
import { assertCleanText, assertFiniteNumbers } from './text-guard.ts';
import { newId } from '../ids.ts';

/** The Fastify instance type every route file receives (TypeBox-typed schemas). */
export type Http = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  Logger,
  TypeBoxTypeProvider
>;

export interface ServerOptions {
  logger: Logger;
  behindTls: boolean;
  /** Proxies whose X-Forwarded-* headers are believed; none means the socket's own address counts. */
  trustedProxies: string[];
  /** Rewrites a request URL before routing (host-name stores); must be synchronous. */
  rewriteUrl?: (req: IncomingMessage) => string;
  /** Renders an HTML error page for browser routes. */
  renderErrorPage?: (request: FastifyRequest, status: number, message: string) => string;
}

/**
 * The strict Content-Security-Policy of every response (PV-4): only our own origin may supply
 * scripts, styles, images, fonts and form targets; no inline script or style; no framing.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** A route as registered: what the fuzz suite and the route inventory read. */
export interface RouteInfo {
  method: string;
  url: string;
  /** The route's validation schema (TypeBox objects are JSON Schema). */
  schema: Record<string, unknown> | undefined;
  /** Whether it is left out of the OpenAPI document (the HTML pages and forms). */
  hidden: boolean;
}

const registeredRoutes = new WeakMap<object, RouteInfo[]>();

/** Every route registered on a server built by `buildServer`, in registration order. */
export function routesOf(app: Http): RouteInfo[] {
  return registeredRoutes.get(app) ?? [];
}

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'this content type is not accepted: send application/json (or a form to the pages)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the Content-Length header does not match the body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is empty but the content type says JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
};

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Builds the HTTP server with security headers and the one error-to-HTTP mapping. */
export function buildServer(options: ServerOptions): Http {
  function sendError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
    let status: number;
    let kind: string;
    let message: string;
    let details: Record<string, unknown> | undefined;
    if (error instanceof AppError) {
      details = error.details;
      status = httpStatusOf(error.kind);
      kind = error.kind;
      message = error.message;
    } else if (error.validation) {
      status = 400;
      kind = 'invalid';
      const context = error.validationContext;
      message = `${context ?? 'request'}${error.message.replace(/^(querystring|body|params|headers)/, '')}`;
    } else if (error.statusCode && error.statusCode < 500) {
      status = error.statusCode!;
      kind = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'invalid';
      // Fastify's own messages may quote what was sent (a content type): say it in our words.
      message =
        FRAMEWORK_MESSAGES[error.code] ??
        (error.code?.startsWith('FST_ERR_CTP_') ? 'the request body could not be read' : error.message);
    } else {
      // Unexpected: log the error (never request bodies) and answer without internals.
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      kind = 'internal';
      message = 'Something went wrong on our side. Nothing was changed; please try again.';
    }
    if (isApiRequest(request) || !options.renderErrorPage) {
      return reply
        .status(status)
        .send(details ? { error: kind, message, details } : { error: kind, message });
    }
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(options.renderErrorPage(request, status, message));
  }

  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: options.trustedProxies.length > 0 ? options.trustedProxies : false,
    requestIdHeader: false,
    // Unique, prefixed request ids (`req_…`): they go to the logs and to audit events.
    genReqId: () => newId('req'),
    ...(options.rewriteUrl ? { rewriteUrl: options.rewriteUrl } : {}),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: 'all', allErrors: false } },
    // A URL the router cannot even decode (broken %-encoding, not UTF-8) is answered like every
    // other bad input, without echoing it.
    frameworkErrors: (_error, request, reply) => {
      void sendError(
        new AppError('invalid', 'the address is not valid: it has a broken %-encoding or is not UTF-8 text'),
        request,
        reply,
      );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Security headers (helmet), built once: @fastify/helmet rebuilt the middleware — parsing the
  // content-security policy again — on every request, a few per cent of a checkout's CPU.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...CONTENT_SECURITY_POLICY,
        ...(options.behindTls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: options.behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  void app.register(formbody);

  const routes: RouteInfo[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    for (const method of [route.method].flat())
      routes.push({ method: String(method), url: route.url, schema, hidden: Boolean(schema?.hide) });
  });

  // Every text input is checked at the edge, before validation and before any use case: a control
  // character or invalid Unicode in a path, query, header or body is a 400 naming the field.
  app.addHook('onRequest', async (request) => {
    for (const [name, value] of Object.entries(request.headers)) assertCleanText('header', value, name);
  });
  app.addHook('preValidation', async (request) => {
    assertCleanText('path', request.params);
    assertCleanText('query', request.query);
    assertCleanText('body', request.body);
  });
  app.addHook('preHandler', async (request) => {
    assertFiniteNumbers('path', request.params);
    assertFiniteNumbers('query', request.query);
    assertFiniteNumbers('body', request.body);
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => sendError(error, request, reply));

  app.setNotFoundHandler((request, reply) => {
    const message = `no page at ${request.url.split('?')[0]}`;
    if (isApiRequest(request) || !options.renderErrorPage)
      return reply.status(404).send({ error: 'not_found', message });
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send(options.renderErrorPage(request, 404, 'We could not find that page.'));
  });

  return app;
}
