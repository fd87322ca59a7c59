/**
 * `npm run bench:maintenance`: the operator's bulk work, timed — a retention purge of expired rows
 * (RT-1: 100,000 expired carts by default, each with a line) and a backup create and restore of the
 * resulting stores (SEC-6: the figures behind the README's recovery time). Writes
 * bench/results/<date>-maintenance.md.
 *
 * Options: --engines postgres,pglite  --rows 100000
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createLogger } from '../src/platform/logger.ts';
import { seedDemo } from '../src/seeds/demo/seed-demo.ts';
import { createBackup, generateKeyring, restoreBackup } from '../src/modules/privacy/index.ts';
import { TestCardProcessor } from '../src/modules/payments/index.ts';
import { buildPlatform } from '../src/runtime.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STORE = 'skincare';
const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: 'postgres,pglite' },
    rows: { type: 'string', default: '100000' },
  },
});
const ROWS = Number(args.rows);
const engines = args.engines.split(',') as ('postgres' | 'pglite')[];
const SOCKET_DIR = '/var/run/postgresql';
const serverUrl =
  process.env.DATABASE_URL ??
  (existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`)
    ? `postgresql://postgres@localhost/postgres?host=${SOCKET_DIR}`
    : 'postgres://postgres@127.0.0.1:5432/postgres');
const log = createLogger('warn');
const rate = (rows: number, ms: number) => Math.round((rows / Math.max(ms, 1)) * 1000);

async function open(
  engine: 'postgres' | 'pglite',
): Promise<{ database: Database; done: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'pledge-bench-maint-'));
    const database = await openDatabase({ dataDir: path.join(dir, 'pgdata') });
    return { database, done: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `pledge_bench_maint_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    done: async () => {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** `ROWS` carts of the store (each with one line), expired or not, written in one statement each. */
async function fillCarts(database: Database, expired: boolean, tag: string): Promise<void> {
  await database.asOperator(async (db) => {
    const [store] = await queryRows<{ id: string; variant: string }>(
      db,
      sql`select t.id, (select v.id from catalog.variant v where v.tenant_id = t.id limit 1) as variant
            from tenants.tenant t where t.slug = ${STORE}`,
    );
    const expiry = expired ? sql`now() - interval '1 day'` : sql`now() + interval '30 days'`;
    await db.execute(sql`insert into cart.cart (id, tenant_id, token_hash, created_at, updated_at, expires_at)
      select 'crt_' || ${tag} || g, ${store!.id}, md5(${tag} || g), now() - interval '31 days', now() - interval '31 days', ${expiry}
        from generate_series(1, ${ROWS}) g`);
    await db.execute(sql`insert into cart.cart_line (tenant_id, cart_id, variant_id, quantity, added_at)
      select ${store!.id}, 'crt_' || ${tag} || g, ${store!.variant}, 1, now() - interval '31 days'
        from generate_series(1, ${ROWS}) g`);
  });
}

const lines: string[] = [
  `# Maintenance bench — ${new Date().toISOString().slice(0, 10)}`,
  '',
  `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}`,
  `- ${ROWS.toLocaleString('en')} expired carts with one line each (${(2 * ROWS).toLocaleString('en')} rows) purged by the retention rule \`carts\`; then ${ROWS.toLocaleString('en')} live carts added and the whole database backed up and restored`,
  '',
  '| engine | step | rows | ms | rows/s |',
  '| --- | --- | --- | --- | --- |',
];

for (const engine of engines) {
  const { database, done } = await open(engine);
  try {
    const platform = await buildPlatform({
      database,
      clock: systemClock,
      log,
      keyring: generateKeyring(),
      payments: new TestCardProcessor(),
      hostAliases: {},
      publicUrl: new URL('http://localhost:3000'),
    });
    await seedDemo(database, platform, log);
    await fillCarts(database, true, 'x');
    let began = performance.now();
    const report = await platform.runtime.asSystem(STORE, 'retention', (ctx) =>
      ctx.retention.run(ctx, { dryRun: false }),
    );
    let ms = performance.now() - began;
    const carts = report.lines.find((l) => l.rule === 'carts')?.rows ?? 0;
    if (carts !== ROWS) throw new Error(`the purge removed ${carts} carts, not ${ROWS}`);
    lines.push(
      `| ${engine} | retention purge (carts + their lines) | ${2 * ROWS} | ${Math.round(ms)} | ${rate(2 * ROWS, ms)} |`,
    );

    await fillCarts(database, false, 'l');
    const key = { id: 'bench', key: randomBytes(32) };
    const made = await createBackup(database, key, new Date());
    const total = made.header.tables.reduce((n, t) => n + t.rows, 0);
    lines.push(
      `| ${engine} | backup create (${Math.round(made.file.length / 1024)} KiB) | ${total} | ${made.millis} | ${rate(total, made.millis)} |`,
    );
    began = performance.now();
    const restored = await restoreBackup(database, made.file, key, async () => undefined);
    ms = performance.now() - began;
    lines.push(
      `| ${engine} | backup restore | ${restored.rows} | ${Math.round(ms)} | ${rate(restored.rows, ms)} |`,
    );
    process.stdout.write(lines.slice(-3).join('\n') + '\n');
  } finally {
    await database.close();
    await done();
  }
}

const outDir = path.join(HERE, 'results');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `${new Date().toISOString().slice(0, 10)}-maintenance.md`);
writeFileSync(file, lines.join('\n') + '\n');
process.stdout.write(`\nWritten to ${path.relative(process.cwd(), file)}\n`);
