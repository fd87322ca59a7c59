import type { FastifyRequest } from 'fastify';

/** One request an emulated service received, as its sandbox dashboard lists it. */
export interface ReceivedRequest {
  at: string;
  method: string;
  path: string;
  /** The headers a dashboard shows; credentials are never kept. */
  headers: Record<string, string>;
  body: unknown;
}

const SHOWN_HEADERS = ['content-type', 'idempotency-key', 'user-agent'];
const KEPT = 500;

/**
 * The requests an emulated service received, newest last (the last 500), so a test or a curious
 * operator can see exactly what Pledge sent — what a real service's dashboard would show.
 */
export class RequestLog {
  private readonly entries: ReceivedRequest[] = [];

  record(request: FastifyRequest, at: Date): void {
    const headers: Record<string, string> = {};
    for (const name of SHOWN_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    this.entries.push({
      at: at.toISOString(),
      method: request.method,
      path: request.url.split('?')[0]!,
      headers,
      body: request.body ?? null,
    });
    if (this.entries.length > KEPT) this.entries.splice(0, this.entries.length - KEPT);
  }

  all(): ReceivedRequest[] {
    return [...this.entries];
  }
}
