import type { FastifyRequest } from 'fastify';
import type { Database, Db } from '#db/client.ts';
import type { Clock } from '#platform/clock.ts';
import type { Logger } from '#platform/logger.ts';
import { ANONYMOUS, type Actor } from '#platform/actor.ts';
import { AppError } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import type { AuthRequirement, Ctx, InStore, PlatformCtx, RequestFacts } from '#platform/ctx.ts';
import type { Credentials, Identity, ModuleContract } from '#platform/module.ts';
import { EventBus } from '#platform/events/event-bus.ts';
import { credentialsOf } from '#platform/http/credentials.ts';
import { notFound } from '#platform/errors.ts';
import { TenantDirectory, type Tenant } from '#modules/tenants';
import {
  AuditLog,
  Inventory,
  RetentionEngine,
  SubjectData,
  Vault,
  type AuditTrail,
  type MasterKeyring,
} from '#modules/privacy';
import type { PaymentProvider } from '#modules/payments';
import { HttpCarrier, HttpTrackingProvider, type ShippingServices } from '#modules/shipping';
import { SmtpMailRelay, type MailRelay } from '#modules/notifications';
import type { JobDefinition } from '#platform/module.ts';
import { Scheduler } from '#platform/jobs/scheduler.ts';
import { MODULES } from './modules.ts';
import { StoreCalendar } from '#platform/calendar.ts';

/** The services every ctx carries, built once in the composition root. */
export interface Services {
  vault: Vault;
  /** The subject-request engine over every module's handlers. */
  subjectData: SubjectData;
  /** The retention engine over every module's retention handlers. */
  retention: RetentionEngine;
  payments: PaymentProvider;
  /** The audit log; each transaction's ctx gets a trail of it as `ctx.audit`. */
  audit: AuditLog;
  /** The carrier and the tracking provider (HTTP adapters; the built-in emulators by default). */
  shipping: ShippingServices;
  /** The mail relay the outbox is delivered through. */
  mail: { relay: MailRelay; fromAddress: string };
}

/** Who a ctx made outside a request acts as, and under which run id. */
export interface ActingAs {
  actor: Actor;
  requestId?: string;
  request?: RequestFacts;
}

/** The resolved identity of a request, kept for its later transactions. */
interface Resolved {
  actor: Actor;
  facts: RequestFacts;
}

const RESOLVED = Symbol('pledge.resolvedIdentity');

/**
 * THE ctx factory. Requests (`inStore`), jobs and event subscribers (`asSystem`), seeds and tests
 * (`as`) all get their ctx here, with the same services, in one transaction scoped to one tenant.
 * A request's actor is resolved once, inside its first transaction, from its credentials by the
 * modules' identity resolvers, and checked against what the route requires.
 */
export class Runtime {
  readonly events: EventBus;

  constructor(
    private readonly database: Database,
    private readonly directory: TenantDirectory,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly services: Services,
    private readonly modules: ModuleContract<unknown>[],
  ) {
    this.events = new EventBus(
      modules.flatMap((m) => m.subscribes ?? []),
      (tenantId, job, fn) => this.asSystem(tenantId, job, fn),
      (subscriber, err, dead) =>
        this.log[dead ? 'error' : 'warn'](
          { err, subscriber },
          dead ? 'event delivery failed for the last time' : 'event delivery failed; it will be retried',
        ),
    );
  }

  /** Builds a ctx over an open tenant transaction. */
  /** One calendar per tenant object (a refreshed directory brings new objects, so new rules). */
  private readonly calendars = new WeakMap<Tenant, StoreCalendar>();

  private calendarOf(tenant: Tenant): StoreCalendar {
    let calendar = this.calendars.get(tenant);
    if (!calendar) {
      const { timeZone, holidays } = tenant.policy;
      this.calendars.set(tenant, (calendar = new StoreCalendar({ timeZone, holidays }, this.clock)));
    }
    return calendar;
  }

  private ctxFor(db: Db, tenant: Tenant, acting: ActingAs, log: Logger, trail: AuditTrail): Ctx {
    const base = {
      calendar: this.calendarOf(tenant),
      db,
      tenant,
      actor: acting.actor,
      requestId: acting.requestId ?? newId('run', this.clock.now()),
      log,
      now: () => this.clock.now(),
      request: acting.request,
      storeUrl: this.directory.publicUrlOf(tenant),
      ...this.services,
      audit: trail,
    };
    return { ...base, events: this.events.publisherFor(base) };
  }

  /**
   * Runs `fn` in a tenant transaction; its audit trail is appended to the log just before commit,
   * and the events it published are delivered once it committed.
   */
  private async transaction<T>(tenant: Tenant, fn: (db: Db, trail: AuditTrail) => Promise<T>): Promise<T> {
    let published = false;
    const result = await this.database.withTenant(tenant.id, async (db) => {
      const trail = this.services.audit.trail();
      const value = await fn(db, trail);
      await this.services.audit.flush(db, trail, tenant.id);
      published = this.events.publishedIn(db);
      return value;
    });
    if (published)
      void this.events
        .deliver(tenant.id)
        .catch((err: unknown) => this.log.error({ err }, 'event delivery failed'));
    return result;
  }

  private tenantOf(idOrSlug: string): Tenant {
    const tenant =
      this.directory.bySlugOrUndefined(idOrSlug) ?? this.directory.all().find((t) => t.id === idOrSlug);
    if (!tenant) throw notFound('store', idOrSlug);
    return tenant;
  }

  /** A request's store work (see `InStore`). */
  readonly inStore: InStore = (request, slug, fn, auth) => {
    const tenant = this.directory.bySlugOrUndefined(slug);
    if (!tenant) throw notFound('store', slug);
    const required: AuthRequirement =
      auth ?? (request.routeOptions.config as { auth?: AuthRequirement } | undefined)?.auth ?? 'optional';
    return this.transaction(tenant, async (db, trail) => {
      const log = request.log as Logger;
      const provisional = this.ctxFor(db, tenant, { actor: ANONYMOUS, requestId: request.id }, log, trail);
      const { actor, facts } = await this.resolve(provisional, request, required);
      assertAllowed(actor, required);
      return fn({ ...provisional, actor, request: facts });
    });
  };

  /** Resolves (once per request) who is acting, from the request's credentials. */
  private async resolve(ctx: Ctx, request: FastifyRequest, required: AuthRequirement): Promise<Resolved> {
    const holder = request as unknown as Record<symbol, Resolved | undefined>;
    const cached = holder[RESOLVED];
    if (cached) return cached;
    const { credentials, cartToken } = credentialsOf(request);
    const facts: RequestFacts = { source: request.ip, cartToken };
    if (required === 'none') return { actor: ANONYMOUS, facts };
    const identities: Identity[] = [];
    for (const module of this.modules)
      if (module.identify) identities.push(await module.identify(ctx, credentials));
    const invalid = identities.find((i) => i.invalid);
    if (invalid) throw new AppError('unauthenticated', invalid.invalid!);
    const grant = identities.find((i) => i.grantedOrder)?.grantedOrder;
    const actor: Actor =
      identities.find((i) => i.actor)?.actor ??
      (grant ? { kind: 'guest', orderId: grant.orderId, subjectId: grant.subjectId } : ANONYMOUS);
    const resolved = { actor, facts: { ...facts, grantedOrderId: grant?.orderId } };
    holder[RESOLVED] = resolved;
    return resolved;
  }

  /** Forgets a request's resolved identity (after it logs in or out within the same request). */
  forget(request: FastifyRequest): void {
    (request as unknown as Record<symbol, Resolved | undefined>)[RESOLVED] = undefined;
  }

  /** Runs `fn` as a system job (`system:<job>`) in a transaction of the store `tenantIdOrSlug`. */
  asSystem<T>(tenantIdOrSlug: string, job: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    return this.as(tenantIdOrSlug, { actor: { kind: 'system', job } }, fn);
  }

  /** Runs `fn` as any actor in a store (seeds, tests, the CLI): the same ctx as a request gets. */
  as<T>(tenantIdOrSlug: string, acting: ActingAs, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    const tenant = this.tenantOf(tenantIdOrSlug);
    return this.transaction(tenant, (db, trail) => fn(this.ctxFor(db, tenant, acting, this.log, trail)));
  }

  /**
   * Runs a request's work outside any store (staff log-in, MFA enrolment): one transaction with
   * no tenant set, so only platform tables are reachable. The actor is anonymous until a staff
   * module use case establishes who it is.
   */
  onPlatform<T>(request: FastifyRequest | undefined, fn: (ctx: PlatformCtx) => Promise<T>): Promise<T> {
    return this.database.withPlatform(async (db) => {
      const trail = this.services.audit.trail();
      const value = await fn({
        db,
        actor: ANONYMOUS,
        requestId: request?.id ?? newId('run', this.clock.now()),
        log: (request?.log as Logger | undefined) ?? this.log,
        now: () => this.clock.now(),
        request: request ? { source: request.ip } : undefined,
        ...this.services,
        audit: trail,
      });
      await this.services.audit.flush(db, trail, null);
      return value;
    });
  }

  /** The slugs of every store. */
  tenantSlugs(): string[] {
    return this.directory.all().map((t) => t.slug);
  }

  /** The ids of every store, for jobs that run per store. */
  tenantIds(): string[] {
    return this.directory.all().map((t) => t.id);
  }
}

/** Throws unless `actor` meets what the route requires. */
function assertAllowed(actor: Actor, required: AuthRequirement): void {
  if (required === 'none' || required === 'optional') return;
  if (required === 'member') {
    if (actor.kind !== 'member')
      throw new AppError('unauthenticated', 'log in first and send Authorization: Bearer <session token>');
    return;
  }
  if (actor.kind !== 'staff' && actor.kind !== 'api_client')
    throw new AppError('unauthenticated', 'log in as a member of this store’s staff first');
  if (required.staff !== 'any' && !required.staff.includes(actor.role))
    throw new AppError('forbidden', `the ${actor.role} role may not do this`);
}

export type { Credentials };

/** What `buildPlatform` needs. */
export interface PlatformOptions {
  database: Database;
  clock: Clock;
  log: Logger;
  keyring: MasterKeyring;
  payments: PaymentProvider;
  /** Outside services; tools that never reach them (the CLI, seeds) leave them unconfigured. */
  shipping?: ShippingServices;
  mail?: { relay: MailRelay; fromAddress: string };
  /** Host-name → store aliases and the public URL (from the config; defaults for tools). */
  hostAliases?: Record<string, string>;
  publicUrl?: URL;
}

/** The assembled platform below HTTP: inventory, services, directory, runtime, scheduler. */
export interface Platform {
  inventory: Inventory;
  services: Services;
  directory: TenantDirectory;
  runtime: Runtime;
  scheduler: Scheduler;
}

/**
 * Builds everything below HTTP from the module list: the data inventory, the services every ctx
 * carries (vault, payments, audit), the tenant directory, the ctx factory and the job scheduler
 * (with the event sweeper as a job). The app, the CLI, seeds and the test set-up all use this.
 */
export async function buildPlatform(options: PlatformOptions): Promise<Platform> {
  const inventory = new Inventory(
    MODULES.flatMap((m) => (m.personalData ? [m.personalData.declaration] : [])),
  );
  const services: Services = {
    vault: new Vault(options.keyring, inventory),
    subjectData: new SubjectData(
      MODULES.flatMap((m) => (m.personalData ? [{ module: m.name, ...m.personalData }] : [])),
    ),
    retention: new RetentionEngine(
      MODULES.flatMap((m) => (m.retention ?? []).map((h) => ({ ...h, module: m.name }))),
      MODULES.flatMap((m) => m.retentionHolds ?? []),
    ),
    payments: options.payments,
    audit: new AuditLog(options.keyring),
    shipping: options.shipping ?? {
      carrier: new HttpCarrier({ baseUrl: () => undefined, apiKey: '' }),
      tracking: new HttpTrackingProvider({ baseUrl: () => undefined, apiKey: '' }),
      trackingCallbackBase: () => undefined,
      trackingWebhookSecret: undefined,
    },
    mail: options.mail ?? {
      relay: new SmtpMailRelay(() => undefined),
      fromAddress: 'no-reply@pledge.localhost',
    },
  };
  const directory = new TenantDirectory(options.hostAliases ?? {}, options.publicUrl);
  await directory.refresh(options.database.db);
  const runtime = new Runtime(options.database, directory, options.clock, options.log, services, MODULES);
  const jobs: JobDefinition[] = [
    ...MODULES.flatMap((m) => m.jobs ?? []),
    {
      // Deliveries that failed earlier, or that another process published, are retried here.
      id: 'events.deliver',
      everyMs: 5000,
      scope: 'platform',
      run: async () => {
        for (const tenantId of runtime.tenantIds()) await runtime.events.deliver(tenantId);
      },
    },
    {
      // Signed checkpoints of every chain that grew (AU-2): what an outside witness can hold us to.
      id: 'audit.checkpoint',
      everyMs: 60_000,
      scope: 'platform',
      run: async () => ({
        signed: await options.database.withPlatform((db) =>
          services.audit.checkpoint(db, options.clock.now()),
        ),
      }),
    },
  ];
  const scheduler = new Scheduler(
    jobs,
    {
      tenantIds: () => runtime.tenantIds(),
      asSystem: (t, job, fn) => runtime.asSystem(t, job, fn),
      now: () => options.clock.now(),
    },
    options.log,
  );
  return { inventory, services, directory, runtime, scheduler };
}
