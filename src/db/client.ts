import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { restrictToOwner } from '#platform/files.ts';
import { migrateDatabase, type MigrationTarget } from './migrate.ts';
import { closePipeline, openPipeline, sendInTransaction } from './pipeline.ts';

/** A Drizzle handle: the whole database, or a transaction inside it. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Which engine runs underneath. Both speak the same PostgreSQL dialect. */
export type DatabaseKind = 'pglite' | 'postgres';

/** An open database, connected as the application role (which cannot bypass row-level security). */
export interface Database {
  kind: DatabaseKind;
  /** Unscoped handle: only platform tables (tenants) are visible through it. */
  db: Db;
  /**
   * Runs `fn` in one transaction with `app.tenant_id` set, so every row-level-security policy
   * restricts it to that tenant's rows (SEC-5). This is how every request and job touches data.
   */
  withTenant<T>(tenantId: string, fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one transaction as the schema owner rather than the app role: the operator path
   * for what the app role may only read (the tenant registry). Used by seeding and the operator
   * CLI, never by a request.
   */
  asOperator<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one transaction of the app role with no tenant set: only platform tables (staff
   * accounts and sessions, the tenant registry) are visible; every tenant table shows no rows.
   */
  withPlatform<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Calls `handler` with the payload of every `pg_notify(channel, …)` that commits, in this
   * process or (on a server) any other: how caches of rarely changing data (the tenant directory,
   * cached pages) hear that they are stale. Resolves once listening.
   */
  listen(channel: string, handler: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball, to clone a prepared database. */
  dump?: () => Promise<Blob>;
}

export interface OpenOptions {
  /** PostgreSQL server URL of a role that owns the schema (runs migrations). */
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; `undefined` with no URL means in-memory. */
  dataDir?: string | undefined;
  /** A dumped PGlite data directory to start from (tests clone a migrated, seeded database). */
  loadDataDir?: Blob | File | undefined;
  appRole?: string;
  appPassword?: string | undefined;
  /** Apply pending migrations before handing out the app connection (default true). */
  migrate?: boolean;
  poolMax?: number;
}

/**
 * Counts running transactions so closing can wait for them. A request whose client went away
 * keeps running on the server (Fastify's close does not wait for it), and its next query must not
 * find the pool already ended.
 */
class TransactionGate {
  private active = 0;
  private closing = false;
  private idle: (() => void)[] = [];

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closing) throw new Error('the database is closing');
    this.active++;
    try {
      return await fn();
    } finally {
      if (--this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  /**
   * Waits until no transaction has run for a moment (a request between two of its transactions
   * gets to finish), at most `timeoutMs`, then refuses new ones.
   */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
    while (Date.now() < deadline) {
      if (this.active > 0) {
        await Promise.race([
          new Promise<void>((resolve) => this.idle.push(resolve)),
          pause(deadline - Date.now()),
        ]);
        continue;
      }
      // A referenced timer: a CLI that worked on an operator connection alone has nothing else
      // keeping the process alive here, and would otherwise exit mid-close (code 13).
      await new Promise<void>((resolve) => setTimeout(resolve, 25));
      if (this.active === 0) break;
    }
    this.closing = true;
  }
}

// Handles that stand for one transaction: per-transaction caches (the vault's keys, the catalog's
// categories) may keep what they read on them, and nothing else.
const transactionHandles = new WeakSet<object>();

/** Whether `db` is the handle of one tenant transaction (not the whole database). */
export function isTransaction(db: Db): boolean {
  return transactionHandles.has(db);
}

function tenantScoped(db: Db, gate: TransactionGate) {
  return <T>(tenantId: string, fn: (tx: Db) => Promise<T>): Promise<T> =>
    gate.run(() =>
      db.transaction(async (tx) => {
        transactionHandles.add(tx);
        await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
        return fn(tx);
      }),
    );
}

// Ids are `prefix_` plus Crockford base32 (see ids.ts): safe to write into SQL text as a literal.
const PLAIN_ID = /^[a-z]+_[0-9a-z_]{1,80}$/;

/**
 * `withTenant` on a PostgreSQL server. BEGIN and setting the tenant travel as one simple-protocol
 * message — one round trip instead of two for every transaction of every request. The tenant id
 * is written as a literal, so it must be a plain id; anything else takes the parameterised path.
 * Each transaction gets a handle of its own (a thin object over the connection's Drizzle instance),
 * so per-transaction caches end with it.
 */
function tenantScopedOnPool(pool: pg.Pool, db: Db, gate: TransactionGate) {
  const fallback = tenantScoped(db, gate);
  const perConnection = new WeakMap<pg.PoolClient, Db>();
  return <T>(tenantId: string, fn: (tx: Db) => Promise<T>): Promise<T> => {
    if (!PLAIN_ID.test(tenantId)) return fallback(tenantId, fn);
    return gate.run(async () => {
      const client = await pool.connect();
      let connectionDb = perConnection.get(client);
      if (!connectionDb) {
        connectionDb = drizzlePg(client, { casing: 'snake_case' });
        perConnection.set(client, connectionDb);
      }
      const tx = Object.create(connectionDb) as Db;
      // BEGIN and the tenant setting, as one simple-protocol message, held back until the
      // transaction's first statement and written with it (#db/pipeline.ts).
      const pipeline = openPipeline(client, `begin; select set_config('app.tenant_id', '${tenantId}', true)`);
      // A nested transaction is a savepoint, as it is in a Drizzle transaction (and on PGlite): the
      // connection-level handle would otherwise BEGIN and COMMIT, committing the outer work early.
      // Writes sent without waiting are settled first, so a failure surfaces where it happened.
      let savepoints = 0;
      (tx as { transaction: unknown }).transaction = async <R>(inner: (tx: Db) => Promise<R>): Promise<R> => {
        const name = `sp_${++savepoints}`;
        await pipeline.settle();
        await client.query(`savepoint ${name}`);
        try {
          // A handle of its own: per-transaction caches do not take what a savepoint may undo.
          const result = await inner(Object.create(tx) as Db);
          await pipeline.settle();
          await client.query(`release savepoint ${name}`);
          return result;
        } catch (error) {
          // A write sent without waiting may have failed inside the savepoint: rolling back to it
          // undoes that too, and the transaction goes on.
          await pipeline.settle().catch(() => undefined);
          const cause = pipeline.failure ?? error;
          pipeline.failure = undefined;
          await client.query(`rollback to savepoint ${name}`);
          throw cause;
        }
      };
      transactionHandles.add(tx);
      let broken: Error | undefined;
      try {
        const result = await fn(tx);
        if (pipeline.begun) {
          const committed = client.query('commit');
          committed.catch(() => undefined); // awaited below, unless a write failed first
          // A write that failed aborted the transaction: the server answered COMMIT with a rollback.
          await pipeline.settle();
          await committed;
        }
        return result;
      } catch (error) {
        const cause = pipeline.failure ?? error;
        await pipeline.settle().catch(() => undefined);
        if (pipeline.begun)
          await client.query('rollback').catch((rollbackError: Error) => {
            broken = rollbackError; // the connection is unusable: drop it from the pool
          });
        throw cause;
      } finally {
        closePipeline(client);
        client.release(broken);
      }
    });
  };
}

/** Opens PGlite (embedded) or a PostgreSQL server, migrates, and connects as the app role. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const appRole = options.appRole ?? 'pledge_app';
  if (!/^[a-z_][a-z0-9_]*$/.test(appRole)) throw new Error(`app role '${appRole}' is not a plain identifier`);
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, appRole, options)
    : openPglite(appRole, options);
}

async function openPglite(appRole: string, options: OpenOptions): Promise<Database> {
  if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true, mode: 0o700 });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const target: MigrationTarget = {
    kind: 'pglite',
    exec: async (text) => {
      await client.exec(text);
    },
    query: async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows,
    drizzle: drizzlePglite(client, { casing: 'snake_case' }),
  };
  if (options.migrate !== false) await migrateDatabase(target, appRole, undefined);
  // PGlite has a single user, a superuser, and superusers bypass row-level security. Every
  // application query therefore runs after SET ROLE to the non-superuser app role (decision 001).
  await client.exec(`set role ${appRole}`);
  // PGlite gives its files mode 0666 whatever the umask: narrow them to the owner once it has
  // created them, and again on close (the 0700 folder keeps others out in between).
  if (options.dataDir) restrictToOwner(options.dataDir);
  const db = drizzlePglite(client, { casing: 'snake_case' }) as unknown as Db;
  const gate = new TransactionGate();
  const ownerRole = (await client.query<{ name: string }>('select session_user as name')).rows[0]!.name;
  return {
    kind: 'pglite',
    db,
    withTenant: tenantScoped(db, gate),
    withPlatform: (fn) => gate.run(() => db.transaction((tx) => fn(tx as unknown as Db))),
    // The session user is the owner (a superuser); SET LOCAL ROLE ends with the transaction.
    asOperator: (fn) =>
      gate.run(() =>
        db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local role "${ownerRole.replaceAll('"', '""')}"`));
          return fn(tx);
        }),
      ),
    listen: async (channel, handler) => {
      await client.listen(channel, handler);
    },
    close: async () => {
      await gate.drain();
      await client.close();
      if (options.dataDir) restrictToOwner(options.dataDir);
    },
    dump: () => client.dumpDataDir('none'),
  };
}

/** Swaps the user (and password) of a connection URL. */
export function withCredentials(url: string, user: string, password: string | undefined): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password ?? '';
  return parsed.toString();
}

async function openPostgres(url: string, appRole: string, options: OpenOptions): Promise<Database> {
  if (options.migrate !== false) {
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    try {
      await migrateDatabase(
        {
          kind: 'postgres',
          exec: async (text) => {
            await owner.query(text);
          },
          query: async (text, params) => (await owner.query(text, params as unknown[])).rows,
          drizzle: drizzlePg(owner, { casing: 'snake_case' }),
        },
        appRole,
        options.appPassword,
      );
    } finally {
      await owner.end();
    }
  }
  // The application logs in as the app role itself: it owns no table and has no BYPASSRLS.
  const pool = new pg.Pool({
    connectionString: withCredentials(url, appRole, options.appPassword),
    max: options.poolMax ?? 20,
    // Statements sent without waiting go out at once, behind one another (#db/pipeline.ts).
    pipeline: true,
  });
  pool.on('connect', instrumentClient);
  const db = drizzlePg(pool, { casing: 'snake_case' }) as unknown as Db;
  const gate = new TransactionGate();
  const listener = new Listener(withCredentials(url, appRole, options.appPassword));
  return {
    kind: 'postgres',
    db,
    withTenant: tenantScopedOnPool(pool, db, gate),
    withPlatform: (fn) => gate.run(() => db.transaction((tx) => fn(tx as unknown as Db))),
    // A connection of the URL's own user (the schema owner), opened for the occasion.
    asOperator: (fn) =>
      gate.run(async () => {
        const owner = new pg.Client({ connectionString: url });
        await owner.connect();
        try {
          return await drizzlePg(owner, { casing: 'snake_case' }).transaction((tx) =>
            fn(tx as unknown as Db),
          );
        } finally {
          await owner.end();
        }
      }),
    listen: (channel, handler) => listener.listen(channel, handler),
    close: async () => {
      await gate.drain();
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * One connection of its own that LISTENs for notifications (a pooled connection cannot: it is
 * handed to other work between queries). A lost connection is reopened after a second and every
 * handler is told (with an empty payload), since notifications may have been missed meanwhile.
 */
class Listener {
  private client: pg.Client | undefined;
  private readonly handlers = new Map<string, ((payload: string) => void)[]>();
  private closed = false;

  constructor(private readonly url: string) {}

  async listen(channel: string, handler: (payload: string) => void): Promise<void> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name '${channel}'`);
    const known = this.handlers.get(channel);
    this.handlers.set(channel, [...(known ?? []), handler]);
    const client = this.client ?? (await this.connect());
    if (!known) await client.query(`listen ${channel}`);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      for (const handler of this.handlers.get(n.channel) ?? []) handler(n.payload ?? '');
    });
    client.on('error', () => {
      if (this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.reconnect(), 1000).unref();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async reconnect(): Promise<void> {
    if (this.closed || this.client) return;
    try {
      const client = await this.connect();
      for (const [channel, handlers] of this.handlers) {
        await client.query(`listen ${channel}`);
        for (const handler of handlers) handler('');
      }
    } catch {
      if (!this.closed) setTimeout(() => void this.reconnect(), 1000).unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}

/**
 * Announces a change on `channel` when the caller's transaction commits (NOTIFY is
 * transactional): listeners in every process hear it (see `Database.listen`).
 */
export async function announce(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

// Statement names by SQL text. Bounded: past this many distinct texts, new ones run unnamed.
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2000;

/** A stable name for a parameterised statement, or undefined when none should be kept. */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS && !text.includes(';')) {
    name = `pledge_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Every query of a pooled connection passes here. Parameterised ones become prepared statements:
 * each distinct SQL text is parsed and planned once per connection, then only bound and executed.
 * The SQL is built by Drizzle from code (or written once, #db/statement.ts), so the set of texts is
 * small and fixed; row-level security still applies on every execution, because the policies read
 * the tenant setting when the statement runs, not when it was planned. And the first query of a
 * transaction takes its held-back BEGIN along (#db/pipeline.ts).
 */
function instrumentClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (config: unknown, rest: unknown[]) => {
    if (config && typeof config === 'object' && 'text' in config && !(config as { name?: string }).name) {
      const name = statementName((config as { text: string }).text);
      if (name) return query({ ...config, name }, ...rest);
    }
    return query(config, ...rest);
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    config: unknown,
    ...rest: unknown[]
  ) =>
    sendInTransaction(
      client,
      () => named(config, rest),
      (begin) => query(begin) as Promise<unknown>,
    );
}

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
