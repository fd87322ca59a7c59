import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../errors.ts';

/**
 * CSRF defence for forms shown on cookie-free pages (OWASP "verify origin with standard
 * headers"): a state-changing request must carry an Origin (or, failing that, a Referer) of this
 * very host. Browsers always send Origin on cross-site POSTs, so a forged form is refused.
 */
export async function requireSameOrigin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const source = request.headers.origin ?? request.headers.referer;
  const host = request.headers.host;
  if (!source || !host) throw forbidden('this form must be sent from the shop itself (no Origin header)');
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    throw forbidden('this form must be sent from the shop itself (unreadable Origin header)');
  }
  if (sourceHost !== host)
    throw forbidden('this form must be sent from the shop itself (cross-site request refused)');
}
