import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import csrf from '@fastify/csrf-protection';
import type { Config } from '#platform/config.ts';
import { systemClock, type Clock } from '#platform/clock.ts';
import { createLogger, type Logger } from '#platform/logger.ts';
import { buildServer, type Http } from '#platform/http/server.ts';
import { MicroCache } from '#platform/http/micro-cache.ts';
import { BackgroundWork } from '#platform/background.ts';
import { restrictToOwner } from '#platform/files.ts';
import type { ModuleDeps } from '#platform/module.ts';
import type { Scheduler } from '#platform/jobs/scheduler.ts';
import { QueueRunner } from '#platform/jobs/queue-runner.ts';
import { openDatabase, type Database } from '#db/client.ts';
import { HOST_ROUTED, listTenants, TENANTS_CHANGED, type TenantDirectory } from '#modules/tenants';
import { CATALOG_CHANGED } from '#modules/catalog';
import { ensureCanary, TrafficWatch } from '#modules/security';
import { seedDemo } from '#seeds/demo/seed-demo.ts';
import { seedDemoStaff } from '#seeds/demo/demo-staff.ts';
import {
  loadMasterKeyring,
  processorCache,
  PROCESSORS_CHANGED,
  type Inventory,
  type MasterKeyring,
  type Vault,
} from '#modules/privacy';
import { TestCardProcessor, type PaymentProvider } from '#modules/payments';
import { HttpCarrier, HttpTrackingProvider } from '#modules/shipping';
import { SmtpMailRelay } from '#modules/notifications';
import { ensureDemoProcessors } from '#seeds/demo/demo-processors.ts';
import { DEMO_STORES } from '#seeds/demo/seed-demo.ts';
import { ParcelWorld } from './emulators/parcel-world.ts';
import { mountCarrierEmulator } from './emulators/carrier-emulator.ts';
import { TrackingEmulator } from './emulators/tracking-emulator.ts';
import { MailCatcher } from './emulators/mail-catcher.ts';
import type { RequestLog } from './emulators/request-log.ts';
import { renderPage } from '#web/storefront/render.ts';
import { ErrorPage, StoreErrorPage } from '#web/storefront/pages/error.tsx';
import { DirectoryPage } from '#web/storefront/pages/directory.tsx';
import { renderApiDocs } from '#web/api/docs.tsx';
import { createElement, type VNode } from 'preact';
import { MODULES } from './modules.ts';
import { buildPlatform, type Runtime, type Services } from './runtime.ts';

const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web', 'storefront', 'assets');

/** A running platform: the HTTP server plus what tests and the CLI need to reach. */
export interface App {
  http: Http;
  database: Database;
  directory: TenantDirectory;
  /** The ctx factory: requests, jobs, seeds and tests act through it. */
  runtime: Runtime;
  /** The modules' jobs, running in this process on their schedules. */
  scheduler: Scheduler;
  /** The pg-boss job queue, when jobs run through it (a PostgreSQL server, PLEDGE_JOBS=queue). */
  queue: QueueRunner | undefined;
  /** The services every ctx carries. */
  services: Services;
  /** The data inventory (PV-1). */
  inventory: Inventory;
  /** Field encryption for personal data (SEC-1). */
  vault: Vault;
  payments: PaymentProvider;
  clock: Clock;
  log: Logger;
  /** Work requests started without waiting (registration and reset e-mails). */
  background: BackgroundWork;
  /** Writes the buffered anonymous counters (views, searches, units sold) now. */
  flushActivity(): Promise<void>;
  /** Delivers every due event now (the sweeper runs every few seconds too). */
  deliverEvents(): Promise<void>;
  /** The scraping detector's per-minute counts (`evaluate` closes the minute now). */
  trafficWatch: TrafficWatch;
  /** The built-in emulators of the outside world, when they run (PLEDGE_EMULATORS). */
  emulators:
    | { world: ParcelWorld; carrier: RequestLog; tracking: TrackingEmulator; mail: MailCatcher | undefined }
    | undefined;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already-open database (tests); otherwise opened from the config. */
  database?: Database;
  /** The card processor; the built-in test processor when absent. */
  payments?: PaymentProvider;
  /** Master keys (tests); otherwise from PLEDGE_MASTER_KEY or the key file beside the data directory. */
  keyring?: MasterKeyring;
}

/** Paths that are never rewritten to a host-name store. */
const GLOBAL_PREFIXES = ['/s/', '/api/', '/assets/', '/healthz', '/admin', '/emulators/'];

/** The composition root: config → database → modules → HTTP. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger(config.logLevel);
  const embeddedDir = !options.database && !config.databaseUrl ? config.dataDir : undefined;
  if (embeddedDir) {
    // The embedded database and the master key file live here: nobody else may read or write them.
    const { exposed } = restrictToOwner(embeddedDir);
    if (exposed > 0)
      log.warn(
        { entries: exposed },
        'the data directory was readable or writable by other users; its permissions were tightened to the owner only. Check who may have copied it.',
      );
  }
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pgdata'),
      appRole: config.dbAppRole,
      appPassword: config.dbAppPassword,
      poolMax: config.dbPoolMax,
    }));
  const keyring =
    options.keyring ??
    loadMasterKeyring(process.env, path.join(config.dataDir, 'master.key'), (file) =>
      log.warn(
        { file },
        'PLEDGE_MASTER_KEY is not set: generated a master key file. Back it up and keep it apart from database backups; without it, encrypted personal data cannot be read.',
      ),
    );
  const payments = options.payments ?? new TestCardProcessor();
  // This server's own address once it listens: the built-in emulators are reached (and reach
  // back) there, over real HTTP, as an outside service would be.
  const self: { http?: Http } = {};
  const selfUrl = (): string | undefined => {
    const address = self.http?.server.address();
    if (!address || typeof address === 'string') return undefined;
    const host =
      address.family === 'IPv6'
        ? address.address === '::'
          ? '[::1]'
          : `[${address.address}]`
        : address.address === '0.0.0.0'
          ? '127.0.0.1'
          : address.address;
    return `http://${host}:${address.port}`;
  };
  const emulate = config.emulators;
  const mailCatcher = emulate && !config.smtpUrl ? new MailCatcher() : undefined;
  if (mailCatcher) await mailCatcher.start();
  const webhookSecret =
    config.tracking.webhookSecret ?? (emulate ? randomBytes(32).toString('base64url') : undefined);
  const viaEmulator = (configured: string | undefined, path: string) => () =>
    configured ?? (emulate ? ((base) => base && `${base}${path}`)(selfUrl()) : undefined);
  const mailRelay = new SmtpMailRelay(() => config.smtpUrl ?? mailCatcher?.url());
  const platform = await buildPlatform({
    database,
    clock,
    log,
    keyring,
    payments,
    shipping: {
      carrier: new HttpCarrier({
        baseUrl: viaEmulator(config.carrier.url, '/emulators/carrier'),
        apiKey: config.carrier.apiKey,
      }),
      tracking: new HttpTrackingProvider({
        baseUrl: viaEmulator(config.tracking.url, '/emulators/tracking'),
        apiKey: config.tracking.apiKey,
      }),
      // A real provider reaches the public address; the built-in one, this server where it listens.
      trackingCallbackBase: () => {
        const base = config.tracking.url ? config.publicUrl.toString().replace(/\/$/, '') : selfUrl();
        return base && `${base}/api/webhooks/tracking`;
      },
      trackingWebhookSecret: webhookSecret,
    },
    mail: { relay: mailRelay, fromAddress: config.mailFrom },
    hostAliases: config.hostAliases,
    publicUrl: config.publicUrl,
  });
  const { runtime, directory, scheduler, services } = platform;
  if (config.seedDemo && (await listTenants({ db: database.db })).length === 0) {
    await seedDemo(database, platform, log, clock);
  }
  if (config.seedDemo) {
    await seedDemoStaff(runtime, runtime.tenantSlugs(), log);
    for (const store of DEMO_STORES)
      if (runtime.tenantSlugs().includes(store.slug))
        await runtime.asSystem(store.slug, 'seed-demo-processors', (ctx) => ensureDemoProcessors(ctx));
    if (config.behindTls)
      log.warn(
        'the demo staff accounts (<role>@<store>.example, a published password and TOTP secret) exist on a server behind TLS: anyone can sign in with them; set PLEDGE_SEED_DEMO=false and remove them before real use',
      );
  }
  for (const module of MODULES)
    if (module.startup)
      for (const tenantId of runtime.tenantIds())
        await runtime.asSystem(tenantId, `${module.name}.startup`, (ctx) => module.startup!(ctx));
  // One canary account per store (IR-3), planted in any store that has none yet.
  if (config.canaryAccounts)
    for (const tenantId of runtime.tenantIds())
      await runtime.asSystem(tenantId, 'security.plant-canary', (ctx) => ensureCanary(ctx));
  const background = new BackgroundWork(log);
  // Rendered anonymous catalog responses, reused for a moment (see micro-cache.ts).
  const responseCache = new MicroCache<unknown>(config.microCacheMs);
  // A change committed by any process (another server, the operator CLI, a back-office edit) is
  // announced with NOTIFY: refresh the tenant directory, drop cached pages that may show old data.
  await database.listen(TENANTS_CHANGED, () => {
    directory.refresh(database.db).then(
      () => responseCache.clear(),
      (err: unknown) => log.error({ err }, 'refreshing the tenant directory failed'),
    );
  });
  await database.listen(CATALOG_CHANGED, () => responseCache.clear());
  // A processor registered or terminated in any process: drop this process's copy of that register.
  await database.listen(PROCESSORS_CHANGED, (tenantId) => processorCache.forget(tenantId));
  // On a PostgreSQL server the jobs go through pg-boss (one run at a time across every server and
  // worker); on the embedded database, and with PLEDGE_JOBS=in-process, timers in this process.
  const queue =
    config.jobs === 'queue' && config.databaseUrl
      ? new QueueRunner(config.databaseUrl, scheduler, log)
      : undefined;
  if (queue) {
    scheduler.start({ sweepersOnly: true });
    await queue.start({ work: config.role === 'worker' || !config.externalWorker });
  } else scheduler.start();

  const http = buildServer({
    logger: log,
    behindTls: config.behindTls,
    trustedProxies: config.trustedProxies,
    rewriteUrl: (req: IncomingMessage) => {
      const url = req.url ?? '/';
      const slug = directory.slugForHost(req.headers.host);
      if (!slug) return url;
      // A store's own host serves that store only: another store's pages under it are not found
      // (otherwise one merchant's domain could frame another's shop).
      const pathStore = /^\/s\/([^/?]+)/.exec(url)?.[1];
      if (pathStore !== undefined && pathStore !== slug) {
        (req as unknown as Record<symbol, boolean>)[HOST_ROUTED] = true;
        return `/s/${slug}/not-this-store`;
      }
      if (GLOBAL_PREFIXES.some((p) => url.startsWith(p))) return url;
      (req as unknown as Record<symbol, boolean>)[HOST_ROUTED] = true;
      return `/s/${slug}${url === '/' ? '' : url}`;
    },
    renderErrorPage: (request, status, message) => {
      const store = /^\/s\/([a-z0-9-]+)/.exec(request.url)?.[1];
      const tenant = store ? directory.bySlugOrUndefined(store) : undefined;
      if (!tenant) return renderPage(createElement(ErrorPage, { status, message, home: '/' }) as VNode);
      const base = (request.raw as unknown as Record<symbol, boolean>)[HOST_ROUTED]
        ? ''
        : `/s/${tenant.slug}`;
      const typed = (request.query as Record<string, unknown> | undefined)?.q;
      return renderPage(
        createElement(StoreErrorPage, {
          frame: {
            tenant,
            base,
            now: clock.now(),
            categories: [],
            ...(typeof typed === 'string' ? { query: typed.slice(0, 200) } : {}),
          },
          status,
          message,
          path: request.url.split('?')[0]!,
        }) as VNode,
      );
    },
  });

  self.http = http;
  // The scraping detector (SEC-4): catalog reads and order look-ups counted per store and hashed
  // address, in memory for one minute; sources far above a person's pace raise an alert.
  const trafficWatch = new TrafficWatch((store, job, fn) => runtime.asSystem(store, job, fn), log);
  http.addHook('onResponse', (req, _reply, done) => {
    const store = (req.params as { store?: unknown } | undefined)?.store;
    const route = req.routeOptions.url ?? '';
    if (typeof store === 'string' && directory.bySlugOrUndefined(store)) {
      if (route.includes('lookup')) trafficWatch.count(store, 'lookup', req.ip);
      else if (
        req.method === 'GET' &&
        (route.startsWith('/s/:store') || route.startsWith('/api/stores/:store/products'))
      )
        trafficWatch.count(store, 'catalog', req.ip);
    }
    done();
  });
  trafficWatch.start();
  await http.register(swagger, {
    openapi: {
      info: {
        title: 'Pledge API',
        version: '0.1.0',
        description:
          'Catalog and search for every store on this Pledge platform. Store slugs name the store.',
      },
    },
  });
  // The interactive docs: Swagger UI as bundled in @fastify/swagger-ui, served from our own origin
  // (no CDN), with request bodies, responses and every schema of the OpenAPI document.
  await http.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: {
      docExpansion: 'list',
      deepLinking: false,
      defaultModelsExpandDepth: 1,
      tryItOutEnabled: false,
    },
    staticCSP: false,
    theme: {
      title: 'Pledge API',
      // No top bar (its logo is a data: image our CSP refuses, and its URL box is of no use here);
      // narrower margins so operations read on a phone.
      css: [
        {
          filename: 'pledge.css',
          content:
            '.swagger-ui .topbar{display:none}.swagger-ui .wrapper{padding:0 12px}' +
            '@media (max-width:600px){.swagger-ui .opblock .opblock-summary-path{font-size:13px}' +
            '.swagger-ui .info .title{font-size:28px}}',
        },
      ],
    },
  });
  await http.register(cookie);
  // Per-route limits only (log-in and other account forms). Counters live in process memory for
  // the window and are never written anywhere: the IP address is not stored (PV-2).
  await http.register(rateLimit, { global: false });
  // The CSRF secret lives in its own HttpOnly cookie, set only when a form is shown.
  await http.register(csrf, {
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.behindTls },
  });
  await http.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', maxAge: '1h' });
  let emulators: App['emulators'];
  if (emulate) {
    // The outside world, in-process: a carrier and a tracking provider sharing one parcel world.
    const world = new ParcelWorld(clock);
    const tracking = new TrackingEmulator({
      world,
      clock,
      apiKey: config.tracking.apiKey,
      webhookSecret: webhookSecret!,
      log,
    });
    const carrierLog = mountCarrierEmulator(http, {
      world,
      apiKey: config.carrier.apiKey,
      afterAdvance: () => tracking.pump(),
    });
    tracking.mount(http);
    tracking.start();
    emulators = { world, carrier: carrierLog, tracking, mail: mailCatcher };
  }
  // htmx (suggestions as you type) is served from our own origin, from the installed package.
  const htmxScript = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'));
  http.get('/assets/htmx.min.js', { config: { auth: 'none' }, schema: { hide: true } }, (_req, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .type('text/javascript; charset=utf-8')
      .send(htmxScript),
  );

  const deps: ModuleDeps = {
    inStore: runtime.inStore,
    asSystem: (tenant, job, fn) => runtime.asSystem(tenant, job, fn),
    onPlatform: (request, fn) => runtime.onPlatform(request, fn),
    responseCache,
    background,
    directory,
    settings: { behindTls: config.behindTls, devOutbox: config.devOutbox },
    caughtMail: mailCatcher ? (store) => mailCatcher.messages(store) : undefined,
  };
  for (const module of MODULES) module.apiRoutes?.(http, deps);
  for (const module of MODULES) module.pages?.(http, deps);

  http.get('/api/openapi.json', { schema: { hide: true } }, async () => http.swagger());
  // A script-free reference of every route (reads on any device, no JavaScript).
  http.get('/api/reference', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderApiDocs(http.swagger() as never)),
  );
  http.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true, database: database.kind }));
  http.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(renderPage(createElement(DirectoryPage, { tenants: directory.all() }) as VNode)),
  );
  await http.ready();

  const flushActivity = async () => {
    const runs = await scheduler.runNow('catalog.flush-activity');
    const failed = runs.find((r) => r.error);
    if (failed) throw new Error(`writing the activity counters failed (${failed.error})`);
  };
  const deliverEvents = async () => {
    for (const tenantId of runtime.tenantIds()) await runtime.events.deliver(tenantId);
  };
  return {
    http,
    database,
    directory,
    runtime,
    scheduler,
    queue,
    services,
    inventory: platform.inventory,
    vault: services.vault,
    payments,
    clock,
    log,
    background,
    flushActivity,
    deliverEvents,
    emulators,
    trafficWatch,
    async close() {
      scheduler.stop();
      await queue?.stop();
      trafficWatch.stop();
      emulators?.tracking.stop();
      await http.close();
      await background.settled();
      await scheduler.idle();
      await deliverEvents().catch((err: unknown) =>
        log.error({ err }, 'could not deliver events on shutdown'),
      );
      await flushActivity().catch((err: unknown) => log.error({ err }, 'could not write activity counters'));
      await database.close();
      mailRelay.close();
      await mailCatcher?.stop();
    },
  };
}
