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
import { seedDemo } from '#seeds/demo/seed-demo.ts';
import {
  BackupFileError,
  CheckpointSigner,
  createBackup,
  keyIdOf,
  loadBackupKey,
  loadMasterKeyring,
  readBackupHeader,
  restoreBackup,
  verifyAudit,
} from '#modules/privacy';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { TestCardProcessor } from '#modules/payments';
import type { Database } from '#db/client.ts';
import { buildPlatform } from './runtime.ts';
import { listTenants } from '#modules/tenants';
import { NOTICE_KINDS, postNotice, recentNotices } from '#modules/staff';
import { AppError } from '#platform/errors.ts';

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

/** The platform below HTTP over an open database (the operator acts through the same ctx factory). */
const platformOf = (database: Database) =>
  buildPlatform({
    database,
    clock: systemClock,
    log,
    keyring: loadMasterKeyring(process.env, path.join(config.dataDir, 'master.key'), () => undefined),
    payments: new TestCardProcessor(),
    hostAliases: config.hostAliases,
    publicUrl: config.publicUrl,
  });

const retention = program.command('retention').description('retention rules (RT-1)');

retention
  .command('run')
  .description("run every store's retention rules now and print the report (--dry-run: count only)")
  .option('--dry-run', 'count what would go, remove nothing')
  .option('--store <slug>', 'one store only')
  .action(async (options: { dryRun?: boolean; store?: string }) => {
    const database = await open();
    try {
      const platform = await platformOf(database);
      const stores = (await listTenants({ db: database.db })).filter(
        (t) => !options.store || t.slug === options.store,
      );
      if (options.store && stores.length === 0) {
        console.error(`no store '${options.store}'`);
        process.exitCode = 2;
        return;
      }
      for (const store of stores) {
        const report = await platform.runtime.asSystem(store.slug, 'retention', (ctx) =>
          ctx.retention.run(ctx, { dryRun: options.dryRun ?? false }),
        );
        console.log(`${store.slug}: ${options.dryRun ? 'would remove' : 'removed'} (run ${report.runId})`);
        for (const l of report.lines)
          console.log(
            `  ${l.rule.padEnd(22)} ${String(l.rows).padStart(7)}  ${l.module}: ${l.what}${l.error ? `  ERROR ${l.error}` : ''}`,
          );
      }
    } finally {
      await database.close();
    }
  });

const notices = program.command('notice').description("notices to the merchants' staff (PL-3)");

notices
  .command('post')
  .description('show a notice on the back-office dashboards of one store (--store) or of every store')
  .requiredOption('--kind <kind>', `one of: ${Object.keys(NOTICE_KINDS).join(', ')}`)
  .requiredOption('--title <text>', 'a short title (3–120 characters)')
  .requiredOption('--text <text>', 'what staff should know (3–2,000 characters; no personal data)')
  .option('--store <slug>', 'one store only')
  .option('--from <iso>', 'when it starts showing (default: now)')
  .option('--until <iso>', 'when it stops showing')
  .action(
    async (options: {
      kind: string;
      title: string;
      text: string;
      store?: string;
      from?: string;
      until?: string;
    }) => {
      const database = await open();
      try {
        const store = options.store
          ? (await listTenants({ db: database.db })).find((t) => t.slug === options.store)
          : undefined;
        if (options.store && !store) {
          console.error(`no store '${options.store}'`);
          process.exitCode = 2;
          return;
        }
        const id = await database.withPlatform((tx) =>
          postNotice(
            tx,
            {
              tenantId: store?.id ?? null,
              kind: options.kind,
              title: options.title,
              body: options.text,
              startsAt: options.from ? new Date(options.from) : undefined,
              endsAt: options.until ? new Date(options.until) : undefined,
              postedBy: 'operator:cli',
            },
            systemClock.now(),
          ),
        );
        console.log(`notice ${id} posted to ${store ? store.slug : 'every store'}`);
      } catch (err) {
        if (err instanceof AppError) {
          console.error(`not posted: ${err.message}`);
          process.exitCode = 2;
          return;
        }
        throw err;
      } finally {
        await database.close();
      }
    },
  );

notices
  .command('list')
  .description('the notices posted, newest first')
  .action(async () => {
    const database = await open();
    try {
      const slugs = new Map((await listTenants({ db: database.db })).map((t) => [t.id, t.slug]));
      for (const n of await database.withPlatform((tx) => recentNotices(tx, 50)))
        console.log(
          `${n.id}  ${n.kind.padEnd(16)} ${n.store ? (slugs.get(n.store) ?? n.store) : 'every store'}  ${n.startsAt.toISOString()}${n.endsAt ? ` → ${n.endsAt.toISOString()}` : ''}  ${n.title}`,
        );
    } finally {
      await database.close();
    }
  });

db.command('seed')
  .description('create the demo stores that do not exist yet')
  .action(async () => {
    const database = await open();
    const created = await seedDemo(database, await platformOf(database), log);
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
    const created = await seedDemo(database, await platformOf(database), log);
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

const keyringOf = () =>
  loadMasterKeyring(process.env, path.join(config.dataDir, 'master.key'), () => undefined);

const audit = program.command('audit').description('the tamper-evident audit log (AU-2)');

audit
  .command('verify')
  .description(
    'recompute every hash chain and check every signed checkpoint; exits 1 and names the first altered, missing, inserted or reordered event',
  )
  .option('--public-key <file>', 'trust only this PEM public key (an outside witness’s copy) for checkpoints')
  .option('--json', 'print the full report as JSON')
  .action(async (options: { publicKey?: string; json?: boolean }) => {
    let keys: Map<string, KeyObject>;
    if (options.publicKey) {
      const key = createPublicKey(readFileSync(options.publicKey, 'utf8'));
      keys = new Map([[keyIdOf(key), key]]);
    } else keys = CheckpointSigner.publicKeysOf(keyringOf());
    const database = await open();
    try {
      const report = await database.asOperator((db) => verifyAudit(db, keys));
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        const rate = report.millis > 0 ? Math.round((report.events / report.millis) * 1000) : report.events;
        console.log(
          `audit log: ${report.events} events in ${report.chains} chains, ${report.checkpoints} signed checkpoints; checked in ${report.millis} ms (${rate} events/s)`,
        );
        if (report.ok)
          console.log(
            `intact: every chain recomputes and every checkpoint signature holds${report.unsignedTail ? ` (${report.unsignedTail} newest events are not yet under a checkpoint)` : ''}`,
          );
        else {
          console.log(`TAMPERED: ${report.problems[0]!.message}`);
          for (const p of report.problems.slice(1)) console.log(`  also: ${p.message}`);
        }
      }
      process.exitCode = report.ok ? 0 : 1;
    } finally {
      await database.close();
    }
  });

audit
  .command('public-key')
  .description('print the checkpoint public key (PEM) for an outside witness to keep')
  .action(() => {
    process.stdout.write(new CheckpointSigner(keyringOf()).publicKeyPem());
  });

audit
  .command('checkpoint')
  .description('sign a checkpoint of every chain that grew now (the server does it every minute)')
  .action(async () => {
    const database = await open();
    try {
      const platform = await platformOf(database);
      const signed = await database.withPlatform((db) =>
        platform.services.audit.checkpoint(db, systemClock.now()),
      );
      console.log(`signed ${signed} checkpoint(s)`);
    } finally {
      await database.close();
    }
  });

const backupKeyOf = () => loadBackupKey(process.env, path.join(config.dataDir, 'backup.key'));
const backup = program.command('backup').description('encrypted backups (SEC-6; decision 015)');

backup
  .command('create')
  .description('write an encrypted, integrity-sealed backup of every store to FILE (mode 0600)')
  .requiredOption('--out <file>', 'where to write the backup')
  .action(async (options: { out: string }) => {
    const database = await open();
    try {
      const made = await createBackup(database, backupKeyOf(), systemClock.now());
      writeFileSync(options.out, made.file, { mode: 0o600 });
      const rows = made.header.tables.reduce((n, t) => n + t.rows, 0);
      console.log(
        `backup written to ${options.out}: ${made.header.tables.length + 1} tables, ${rows} rows, ${made.file.length} bytes, sealed with backup key ${made.header.keyId} in ${made.millis} ms`,
      );
    } finally {
      await database.close();
    }
  });

backup
  .command('inspect')
  .description("print a backup's clear header (time, schema version, tables and row counts)")
  .argument('<file>')
  .action((file: string) => {
    try {
      console.log(JSON.stringify(readBackupHeader(readFileSync(file)).header, null, 2));
    } catch (err) {
      if (!(err instanceof BackupFileError)) throw err;
      console.error(err.message);
      process.exitCode = 1;
    }
  });

backup
  .command('restore')
  .description(
    'replace every table with the backup (all or nothing); subjects erased since it was taken stay erased',
  )
  .argument('<file>')
  .option('--yes', 'confirm that everything written since the backup will be lost')
  .action(async (file: string, options: { yes?: boolean }) => {
    if (!options.yes) {
      console.error('backup restore replaces all data with the backup; run again with --yes');
      process.exitCode = 2;
      return;
    }
    let contents: Buffer;
    try {
      contents = readFileSync(file);
    } catch {
      console.error(`cannot read ${file}`);
      process.exitCode = 2;
      return;
    }
    const database = await open();
    try {
      // The platform is built after the restore, so it reads the restored stores.
      let platform: Awaited<ReturnType<typeof platformOf>> | undefined;
      const restored = await restoreBackup(database, contents, backupKeyOf(), async (tenantId, subjectId) => {
        platform ??= await platformOf(database);
        await platform.runtime.asSystem(tenantId, 'backup.restore', (ctx) =>
          ctx.subjectData.erase(ctx, subjectId, 'restore'),
        );
      });
      console.log(
        `restored the backup of ${restored.header.createdAt}: ${restored.tables} tables, ${restored.rows} rows in ${restored.millis} ms; ${restored.erasedSince.length} subject(s) erased since it was taken stay erased`,
      );
    } catch (err) {
      if (!(err instanceof BackupFileError)) throw err;
      console.error(`nothing restored: ${err.message}`);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

await program.parseAsync(process.argv);
