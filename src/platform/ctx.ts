import type { FastifyRequest } from 'fastify';
import type { Db } from '#db/client.ts';
import type { Actor, StaffRole } from './actor.ts';
import type { Logger } from './logger.ts';
import type { EventPublisher } from './events/event-bus.ts';
import type { StoreCalendar } from './calendar.ts';

export type { Actor } from './actor.ts';

/**
 * The store a ctx acts for. The tenants module adds its published policy to this interface
 * (declaration merging), so every module reads `ctx.tenant.policy` typed, without the platform
 * knowing what a policy holds.
 */
export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

/** What a request carries besides who is acting: its client address and the keys it holds. */
export interface RequestFacts {
  /** The client's address, as the HTTP layer determined it (trusted proxies only). */
  source: string;
  /** An anonymous cart's token (cookie or X-Cart-Token), if the request holds one. */
  cartToken?: string | undefined;
  /** The order a valid access grant (cookie or X-Order-Access) opens, whoever the actor is. */
  grantedOrderId?: string | undefined;
}

/**
 * What every use case receives first. `db` is a transaction scoped to one tenant by row-level
 * security; time comes from `now()`; who is acting from `actor`. Modules that provide a service
 * (the vault, payments, events, audit) add it to this interface by declaration merging, and the
 * one ctx factory (`src/runtime.ts`) fills it: requests, jobs, seeds and tests get the same shape.
 */
export interface Ctx {
  db: Db;
  tenant: TenantRef;
  actor: Actor;
  /** Prefixed unique id of the request or job run; it goes to logs and audit events. */
  requestId: string;
  log: Logger;
  now(): Date;
  /** The store's calendar: every duration and working-day deadline is counted with it. */
  calendar: StoreCalendar;
  /** Set for HTTP requests; undefined in jobs, seeds and tests acting directly. */
  request: RequestFacts | undefined;
  /** The store's public base URL for links in e-mails (from configuration, never from a request). */
  storeUrl: string;
  /** Publishes events into this transaction's outbox (delivered after commit). */
  events: EventPublisher;
}

/**
 * A ctx outside any store (staff log-in, the operator CLI): no tenant, so row-level security shows
 * no store's rows; only platform tables are reachable.
 */
export type PlatformCtx = Omit<Ctx, 'tenant' | 'calendar' | 'storeUrl' | 'events'>;

/**
 * What a route needs to know about who is asking:
 * - `none`: nobody (catalog pages; no credential is even looked at),
 * - `optional`: whoever the credentials name, anonymous otherwise (the default),
 * - `member`: a signed-in member (401 otherwise),
 * - `{ staff }`: a staff user of the store with one of these roles ('any' for every role).
 */
export type AuthRequirement = 'none' | 'optional' | 'member' | { staff: readonly StaffRole[] | 'any' };

/**
 * Runs a use case for the store a request names, in one transaction scoped to that tenant, with
 * the actor resolved from the request's credentials inside that transaction.
 */
export type InStore = <T>(
  request: FastifyRequest,
  slug: string,
  fn: (ctx: Ctx) => Promise<T>,
  auth?: AuthRequirement,
) => Promise<T>;

// A route declares what it needs in its options: `{ config: { auth: 'member' } }`.
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who the route serves (see `AuthRequirement`); `optional` when left out. */
    auth?: AuthRequirement;
  }
}
