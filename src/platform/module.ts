import type { Http } from './http/server.ts';
import type { FastifyRequest } from 'fastify';
import type { Ctx, InStore, PlatformCtx } from './ctx.ts';
import type { Actor } from './actor.ts';
import type { DomainEvent } from './events/event-bus.ts';
import type { BackgroundWork } from './background.ts';
import type { MicroCache } from './http/micro-cache.ts';

/**
 * What the composition root hands to a module's routes and pages. A module that offers something
 * to others' routes adds it here by declaration merging (the tenants module adds its directory).
 */
export interface ModuleDeps {
  inStore: InStore;
  /** Short-lived cache of anonymous catalog answers (decision 004). */
  responseCache: MicroCache<unknown>;
  /** Work a request starts but does not wait for. */
  background: BackgroundWork;
  /** Deployment facts routes need: secure cookies behind TLS, the development outbox. */
  settings: { behindTls: boolean; devOutbox: boolean };
  /** Runs work as a system job (`system:<job>`) in a store: background work a request started. */
  asSystem: <T>(tenantIdOrSlug: string, job: string, fn: (ctx: Ctx) => Promise<T>) => Promise<T>;
  /**
   * The demo mail catcher's messages for a store, newest first (only when it runs): the
   * development outbox page shows them to the operator.
   */
  caughtMail?: ((store: string) => Promise<CaughtMessage[]>) | undefined;
  /** Runs a request's work outside any store (staff log-in): platform tables only. */
  onPlatform: <T>(request: FastifyRequest, fn: (ctx: PlatformCtx) => Promise<T>) => Promise<T>;
}

/** A message the demo's mail catcher received. */
export interface CaughtMessage {
  receivedAt: Date;
  template: string | undefined;
  to: string[];
  from: string;
  subject: string;
  text: string;
}

/** A job a module runs on a schedule, for every store (as `system:<id>`), or once for the platform. */
export interface JobDefinition {
  /** Unique across modules: `<module>.<what>` (e.g. `catalog.flush-activity`). */
  id: string;
  /** How often it runs, in milliseconds. */
  everyMs: number;
  /** `tenant`: once per store in its own transaction; `platform`: once, with no store. */
  scope: 'tenant' | 'platform';
  /** Runs one pass; returns counts for the run report (never personal values). */
  run(ctx: Ctx | undefined): Promise<Record<string, number> | void>;
}

/** A module's handler for another module's event, run after the publishing transaction committed. */
export interface Subscription {
  /** `<module>.<event>`, e.g. `orders.order_placed`. */
  event: string;
  /** Unique per module; names the delivery in the outbox and the system actor (`system:<name>`). */
  name: string;
  handle(ctx: Ctx, event: DomainEvent): Promise<void>;
}

/** Credentials a request presents, before they are checked. */
export interface Credentials {
  /** A member session (cookie, or `Authorization: Bearer` on the shopper API). */
  memberToken?: string | undefined;
  /**
   * Where it came from: an unknown bearer token is refused (a client that thinks it is signed in
   * must hear it is not); an unknown cookie just means the visitor is signed out.
   */
  memberTokenFrom?: 'cookie' | 'bearer' | undefined;
  /** A staff session (cookie on /admin, or `Authorization: Bearer` on /api/admin). */
  staffToken?: string | undefined;
  staffTokenFrom?: 'cookie' | 'bearer' | undefined;
  /** An order access grant (cookie or X-Order-Access). */
  orderAccessToken?: string | undefined;
}

/** What a module's identity resolver found: an actor, and/or the order a grant opens. */
export interface Identity {
  actor?: Actor;
  grantedOrder?: { orderId: string; subjectId: string };
  /** A credential was presented and is not valid (unknown, expired, ended): the request is refused. */
  invalid?: string;
}

/** A module's part of subject requests (DR-2, DR-4): what it holds about a subject, and erasing it. */
export interface SubjectDataHandlers {
  /** The subject's rows this module holds, by table, personal fields read for the subject. */
  export(ctx: Ctx, subjectId: string): Promise<Record<string, Record<string, unknown>[]>>;
  /**
   * Removes or anonymises what the module holds about the subject (personal columns set NULL,
   * links to the subject removed, bookkeeping kept); the engine destroys the subject's key after.
   * Returns how many rows were touched.
   */
  erase(ctx: Ctx, subjectId: string): Promise<number>;
  /**
   * Deletes the subject's history while their account stays (DR-3): rows of finished business
   * (delivered or cancelled orders, closed returns and cases, sent mail, browsing). `waiting`
   * counts what an open order still needs; the request finishes once it closes.
   */
  forgetHistory(ctx: Ctx, subjectId: string): Promise<{ forgotten: number; waiting: number }>;
}

/**
 * A module's part in retention (RT-1): what one rule of the store's policy removes from the
 * module's tables. The engine gives the rule's cut-off (now minus the rule's days); the handler
 * counts (dry run) or deletes/anonymises what its anchor (expiry, creation, sending) puts before it.
 */
export interface RetentionHandler {
  /** The retention rule it executes (a name of the store policy's `retention`). */
  rule: string;
  /** What it removes, for the run report (no personal value). */
  what: string;
  run(ctx: Ctx, options: RetentionRunOptions): Promise<number>;
}

/** What a retention handler is given. */
export interface RetentionRunOptions {
  dryRun: boolean;
  /** Now minus the rule's days. */
  cutoff: Date;
  /**
   * Which of these ids (of the rule's unit: order ids for `order_personal_data`) another module
   * holds back — an open return, an open case, a legal hold. The handler leaves them for a later run.
   */
  held(ids: readonly string[]): Promise<Set<string>>;
  /**
   * The subjects under a legal hold (RT-5) in this store: no rule removes or anonymises anything of
   * theirs while the hold stands (the handler filters by its subject column).
   */
  legalHolds: readonly string[];
}

/** A module's veto on a rule (RT-1): ids it still needs, e.g. orders with an open return. */
export interface RetentionHold {
  rule: string;
  /** Why, for the docs (no personal value). */
  why: string;
  held(ctx: Ctx, ids: readonly string[]): Promise<string[]>;
}

/**
 * The contract of a module: everything it contributes to the platform. `src/modules.ts` is the
 * list of these, in dependency order. `PD` is the privacy engine's declaration type (the platform
 * knows no module, so it is a parameter).
 */
export interface ModuleContract<PD = unknown> {
  /** The module's name, which is also its PostgreSQL schema. */
  name: string;
  /** JSON API routes. */
  apiRoutes?(app: Http, deps: ModuleDeps): void;
  /** Server-rendered pages. */
  pages?(app: Http, deps: ModuleDeps): void;
  jobs?: JobDefinition[];
  subscribes?: Subscription[];
  /**
   * Runs once per store when the platform starts, before it serves: data upgrades that need code
   * (sealing values an older version stored differently). Must be idempotent.
   */
  startup?(ctx: Ctx): Promise<void>;
  /** Turns a request's credentials into an actor (accounts: member sessions; orders: grants). */
  identify?(ctx: Ctx, credentials: Credentials): Promise<Identity>;
  /** What the module's tables give up under the store's retention rules (RT-1). */
  retention?: RetentionHandler[];
  /** What the module holds back from other modules' retention rules (open returns, open cases). */
  retentionHolds?: RetentionHold[];
  /** The personal data the module stores (PV-1) and its subject-request handlers. */
  personalData?: { declaration: PD } & Partial<SubjectDataHandlers>;
}
