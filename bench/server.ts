/**
 * The benchmarked server, run as a child process of bench/run.ts so its memory can be measured on
 * its own. It starts Pledge (PostgreSQL via DATABASE_URL, or PGlite in a temporary directory) with
 * the demo stores, plus a bare Fastify "hello" on a second port: the ceiling every figure is
 * compared with. It talks to the driver over the IPC channel.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { queryRows } from '../src/db/client.ts';
import { CheckpointSigner, generateKeyring, verifyAudit } from '../src/modules/privacy/index.ts';
import { setStock, stockDrift } from '../src/modules/stock/index.ts';
import { generateCatalog } from './generate-catalog.ts';

const STORE = 'skincare';
const send = (message: unknown) => process.send!(message);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pledge-bench-'));
const config = {
  // Behind the loopback "proxy" (autocannon): each simulated shopper has its own X-Forwarded-For,
  // so the per-address limits see many shoppers, as they would in production.
  ...loadConfig({
    ...process.env,
    PLEDGE_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PLEDGE_BEHIND_TLS: 'true',
    // Behind TLS the emulators are off by default; the bench wants them (the payment and carrier
    // worlds). Mail goes to SMTP_URL when the driver set it (bench/mail-relay.ts, a process of its
    // own), else to the built-in catcher: either way every order's confirmation is really handed
    // over SMTP (with no relay at all each send would fail and wait for a retry).
    PLEDGE_EMULATORS: 'true',
  }),
  seedDemo: true,
};
const keyring = generateKeyring('mk-bench');
const app = await createApp(config, { keyring });
const tenant = app.directory.bySlugOrUndefined(STORE)!;
const inTenant = <T>(fn: (db: typeof app.database.db) => Promise<T>) =>
  app.database.withTenant(tenant.id, fn);

const ceiling = Fastify({ logger: false });
ceiling.get('/hello', async () => ({ hello: 'world' }));

const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
const ceilingAddress = await ceiling.listen({ port: 0, host: '127.0.0.1' });

/** Stock before the checkout run, to count oversold units after it. */
let initialStock = new Map<string, number>();

/** CPU profiling of one scenario at a time (`--profile`), through the inspector protocol. */
let profiler: Session | undefined;

async function handle(message: { type: string; products?: number; file?: string }): Promise<void> {
  try {
    if (message.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      send({ type: 'profiling' });
    } else if (message.type === 'profile-stop') {
      const { profile } = await profiler!.post('Profiler.stop');
      profiler!.disconnect();
      profiler = undefined;
      mkdirSync(path.dirname(message.file!), { recursive: true });
      writeFileSync(message.file!, JSON.stringify(profile));
      send({ type: 'profiled', file: message.file });
    } else if (message.type === 'prepare-checkout') {
      // Plenty of everything, except 20 "hot" variants with 300 units each, which every checkout
      // also buys: they run out during the run, so overselling would show. Stock is set through the
      // stock module (a stocktake), as a merchant would.
      const rows = await inTenant((db) =>
        queryRows<{ id: string; sku: string }>(db, sql`select id, sku from catalog.variant order by sku`),
      );
      const hot = rows.slice(0, 20);
      const hotIds = new Set(hot.map((h) => h.id));
      await app.runtime.asSystem(STORE, 'bench.prepare', async (ctx) => {
        for (const r of rows)
          await setStock(ctx, r.id, hotIds.has(r.id) ? 300 : 1_000_000, 'bench stocktake');
      });
      initialStock = new Map(rows.map((r) => [r.id, hotIds.has(r.id) ? 300 : 1_000_000]));
      const pool = rows.filter((r) => !hotIds.has(r.id)).map((r) => r.sku);
      send({ type: 'prepared', hotSkus: hot.map((h) => h.sku), poolSkus: pool });
    } else if (message.type === 'oversold') {
      await app.deliverEvents();
      const sold = await inTenant((db) =>
        queryRows<{ variant_id: string; units: number }>(
          db,
          sql`select variant_id, sum(quantity)::int as units from orders.order_line group by variant_id`,
        ),
      );
      const negative = await inTenant((db) =>
        queryRows<{ n: number }>(db, sql`select count(*)::int as n from stock.level where on_hand < 0`),
      );
      const drift = await app.runtime.asSystem(STORE, 'bench.check', (ctx) => stockDrift(ctx));
      let oversold = 0;
      for (const row of sold)
        oversold += Math.max(0, Number(row.units) - (initialStock.get(row.variant_id) ?? 0));
      const orders = await inTenant((db) =>
        queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from orders."order" where status = 'paid'`,
        ),
      );
      // The confirmations: handed over SMTP to the mail relay, or still waiting for a retry.
      const mail = await inTenant((db) =>
        queryRows<{ sent: number; waiting: number }>(
          db,
          sql`select count(*) filter (where sent_at is not null)::int as sent,
                     count(*) filter (where sent_at is null)::int as waiting
              from notifications.outbox where template = 'order_confirmation'`,
        ),
      );
      send({
        type: 'oversold',
        oversold,
        negativeStock: Number(negative[0]!.n) + drift.length,
        orders: Number(orders[0]!.n),
        mailSent: Number(mail[0]!.sent),
        mailWaiting: Number(mail[0]!.waiting),
      });
    } else if (message.type === 'generate') {
      let ownerSql: ((statement: string) => Promise<void>) | undefined;
      let owner: pg.Client | undefined;
      if (process.env.DATABASE_URL) {
        owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await owner.connect();
        ownerSql = async (statement) => void (await owner!.query(statement));
      }
      const result = await generateCatalog(app.database, tenant.id, message.products!, ownerSql);
      await owner?.end();
      send({ type: 'generated', ...result });
    } else if (message.type === 'verify-audit') {
      // The audit log the run wrote (one event per checkout, plus staff-free system work), checked
      // the way `pledge audit verify` checks it, after a checkpoint like the server's minute job.
      await app.database.withPlatform((db) => app.services.audit.checkpoint(db, new Date()));
      const report = await app.database.asOperator((db) =>
        verifyAudit(db, CheckpointSigner.publicKeysOf(keyring)),
      );
      send({ type: 'verified-audit', ok: report.ok, events: report.events, millis: report.millis });
    } else if (message.type === 'stop') {
      await ceiling.close();
      await app.close();
      process.exit(0);
    }
  } catch (error) {
    send({ type: 'error', message: (error as Error).message });
  }
}
process.on('message', (message: { type: string; products?: number; file?: string }) => void handle(message));

send({ type: 'ready', url: address, ceilingUrl: ceilingAddress, engine: app.database.kind });
