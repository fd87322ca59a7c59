import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppError, httpStatusOf } from '../errors.ts';

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

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** Builds the HTTP server with security headers and the one error-to-HTTP mapping. */
export function buildServer(options: ServerOptions): Http {
  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: options.trustedProxies.length > 0 ? options.trustedProxies : false,
    requestIdHeader: false,
    ...(options.rewriteUrl ? { rewriteUrl: options.rewriteUrl } : {}),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: 'all', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  void app.register(helmet, {
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
  void app.register(formbody);

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
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
      message = error.message;
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
  });

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
