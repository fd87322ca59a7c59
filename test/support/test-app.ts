import { readFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { FixedClock, type Clock } from '../../src/platform/clock.ts';
import { createLogger, type Logger } from '../../src/platform/logger.ts';
import type { MasterKeyring } from '../../src/modules/privacy/index.ts';
import type { Actor } from '../../src/platform/actor.ts';
import type { Ctx, RequestFacts } from '../../src/platform/ctx.ts';
import { withDatabase } from './database-url.ts';

import { ALL_PERSONAL_VALUES, TEST_CARDS } from './personas.ts';

/** Which engine the tests run on, for test titles and engine-specific checks. */
export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh database holding the three demo stores, private to the caller: a copy of the template
 * prepared once per run (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: a loaded dump).
 */
export async function openSeededDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // Named after the run's template, so the run's teardown finds and drops every copy (the
    // copies are made in worker processes, whose pids the teardown does not know).
    const name = `${inject('pgTemplate')}_c_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
          break;
        } catch (error) {
          // Two copies started at the same instant can collide on the template; try again shortly.
          if (attempt >= 20 || !String((error as Error).message).includes('being accessed')) throw error;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    return openDatabase({ databaseUrl: withDatabase(url, name) });
  }
  const dump = await readFile(inject('pgliteDump'));
  return openDatabase({ loadDataDir: new Blob([dump]) });
}

/** Every log line written during a test, for asserting that nothing personal is logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.lines.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.lines.join('');
  }
}

/** Runs use cases in a store as one actor (through the app's own ctx factory). */
export interface ActingApp {
  inStore<T>(slug: string, fn: (ctx: Ctx) => Promise<T>): Promise<T>;
}

export interface TestApp extends App {
  logs: LogCapture;
  /**
   * Where the app listens (127.0.0.1, a free port): the built-in emulators are reached over real
   * HTTP there, and browser tests open it.
   */
  origin: string;
  /** A use-case context for one store, in its own tenant-scoped transaction, as `system:test`. */
  inStore<T>(slug: string, fn: (ctx: Ctx) => Promise<T>): Promise<T>;
  /** The same, as another actor (a member, a guest, a staff role), with what its request holds. */
  as(actor: Actor, request?: Partial<RequestFacts>): ActingApp;
}

/** The run's master key, the one the seeded template was sealed with (see global-setup.ts). */
export function testKeyring(): MasterKeyring {
  const master = Buffer.from(inject('masterKey'), 'base64');
  // The lock key is another key, derived here only so every app of the run shares it.
  const lock = createHash('sha256').update('pledge-test-lock-key').update(master).digest();
  return { currentId: 'mk-test', keys: new Map([['mk-test', master]]), lock: { id: 'lk-test', key: lock } };
}

/** The whole platform on a private seeded database, with a controllable clock and captured logs. */
export async function createTestApp(
  options: { clock?: Clock; env?: NodeJS.ProcessEnv } = {},
): Promise<TestApp> {
  const logs = new LogCapture();
  const logger: Logger = createLogger('info', logs);
  const clock = options.clock ?? new FixedClock(new Date('2026-11-23T10:00:00Z'));
  // Micro-caching is off unless a test turns it on: most tests change data and read it back at once.
  // Canary accounts too, unless a test asks for them: most tests count the members they made.
  const config = {
    ...loadConfig({ PLEDGE_MICRO_CACHE_MS: '0', PLEDGE_CANARY_ACCOUNTS: 'false', ...options.env }),
    seedDemo: false,
  };
  const database = await openSeededDatabase();
  const app = await createApp(config, { clock, logger, database, keyring: testKeyring() });
  const origin = await app.http.listen({ port: 0, host: '127.0.0.1' });
  const close = app.close.bind(app);
  return Object.assign(app, {
    logs,
    origin,
    /** Closes the app, then fails if any persona value or test card number reached the logs. */
    async close() {
      await close();
      const text = logs.text;
      // Whole values only: a 5-digit postal code must not match inside a response time like 1.97381.
      const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const leaked = [...ALL_PERSONAL_VALUES, ...Object.values(TEST_CARDS)].filter((v) =>
        new RegExp(`(?<![0-9A-Za-z.])${escape(v)}(?![0-9A-Za-z])`).test(text),
      );
      if (leaked.length > 0) throw new Error(`personal data reached the logs: ${leaked.length} value(s)`);
    },
    inStore<T>(slug: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
      return app.runtime.as(slug, { actor: { kind: 'system', job: 'test' } }, fn);
    },
    as(actor: Actor, request?: Partial<RequestFacts>): ActingApp {
      return {
        inStore: <T>(slug: string, fn: (ctx: Ctx) => Promise<T>) =>
          app.runtime.as(slug, { actor, request: { source: '203.0.113.1', ...request } }, fn),
      };
    },
  });
}
