import { Command } from 'commander';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '#platform/config.ts';
import { restrictToOwner } from '#platform/files.ts';
import { systemClock } from '#platform/clock.ts';
import { createLogger } from '#platform/logger.ts';
import { openDatabase } from '#db/client.ts';
import { countMigrations } from '#db/migrate.ts';
import { seedDemo } from '#db/seeds/demo/seed-demo.ts';
import { listTenants } from '#modules/tenants';

/** The `pledge` operator CLI. */
const program = new Command('pledge').description('Pledge operator commands').version('0.1.0');
const config = loadConfig();
const log = createLogger(process.env.LOG_LEVEL ?? 'warn');

const open = () => {
  if (!config.databaseUrl) {
    const { exposed } = restrictToOwner(config.dataDir);
    if (exposed > 0)
      log.warn(
        { entries: exposed },
        'the data directory was open to other users; tightened to the owner only',
      );
  }
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pgdata'),
    appRole: config.dbAppRole,
    appPassword: config.dbAppPassword,
  });
};

const db = program.command('db').description('database maintenance');

db.command('migrate')
  .description('apply pending migrations (also done at every start)')
  .action(async () => {
    const database = await open();
    await database.close();
    console.log(`database (${database.kind}) is at the latest of ${countMigrations()} migrations`);
  });

db.command('seed')
  .description('create the demo stores that do not exist yet')
  .action(async () => {
    const database = await open();
    const created = await seedDemo(database, systemClock, log);
    await database.close();
    console.log(created.length ? `seeded: ${created.join(', ')}` : 'demo stores already present');
  });

db.command('reset')
  .description('delete every table and the embedded database, then migrate and seed again')
  .option('--yes', 'confirm that all data will be lost')
  .action(async (options: { yes?: boolean }) => {
    if (!options.yes && process.stdin.isTTY) {
      console.error('db reset deletes all data; run again with --yes');
      process.exitCode = 2;
      return;
    }
    if (config.databaseUrl) {
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      const schemas = await client.query<{ nspname: string }>(
        `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname not in ('information_schema', 'public')`,
      );
      for (const { nspname } of schemas.rows) await client.query(`drop schema "${nspname}" cascade`);
      await client.end();
    } else {
      await rm(path.join(config.dataDir, 'pgdata'), { recursive: true, force: true });
    }
    const database = await open();
    const created = await seedDemo(database, systemClock, log);
    await database.close();
    console.log(`reset done; seeded: ${created.join(', ')}`);
  });

program
  .command('stores')
  .description('list the stores and their URLs')
  .action(async () => {
    const database = await open();
    for (const t of await listTenants({ db: database.db })) {
      console.log(`${t.slug.padEnd(12)} ${t.name.padEnd(20)} /s/${t.slug}  ${t.hosts.join(' ')}`);
    }
    await database.close();
  });

await program.parseAsync(process.argv);
