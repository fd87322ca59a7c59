import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { seedDemo } from '../../src/seeds/demo/seed-demo.ts';
import { seedDemoStaff } from '../../src/seeds/demo/demo-staff.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { FixedClock, systemClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/db/client.ts';
import { buildPlatform } from '../../src/runtime.ts';
import { generateKeyring } from '../../src/modules/privacy/index.ts';
import { TestCardProcessor } from '../../src/modules/payments/index.ts';
import { withDatabase } from './database-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a dumped, migrated and seeded data directory. */
    pgliteDump: string;
    /** PostgreSQL: name of a migrated and seeded template database. */
    pgTemplate: string;
    /** The master key (base64) the seeded data was sealed with; every test app uses it. */
    masterKey: string;
  }
}

/**
 * The master key of the test run: the demo staff's e-mails are sealed (and indexed) under it when
 * the template is seeded, so every test app must open them with the same key.
 */
const keyring = generateKeyring('mk-test');

/** The day the template is seeded: the default test clock's (test-app.ts). */
const SEED_CLOCK = new FixedClock(new Date('2026-11-23T10:00:00Z'));

/** The platform over the template database. */
const platformOf = (database: Database) =>
  buildPlatform({
    database,
    clock: systemClock,
    log: createLogger('silent'),
    keyring,
    payments: new TestCardProcessor(),
  });

/** The demo stores, their catalogs and their staff. */
async function seedTemplate(database: Database, log: ReturnType<typeof createLogger>): Promise<void> {
  const platform = await platformOf(database);
  // Seeded on the test clock's day, so the demo campaigns (dated from the seed day) run on it.
  const created = await seedDemo(database, platform, log, SEED_CLOCK);
  await seedDemoStaff(platform.runtime, created, log);
}

/**
 * Builds one migrated database with the demo stores, once per run; every test file then starts
 * from a copy of it (a template database on PostgreSQL, a loaded dump on PGlite).
 */
export default async function setup(project: TestProject) {
  const log = createLogger('silent');
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `pledge_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, template) });
    await seedTemplate(database, log);
    await database.close();
    project.provide('masterKey', keyring.keys.get('mk-test')!.toString('base64'));
    project.provide('pgTemplate', template);
    project.provide('pgliteDump', '');
    return async () => {
      const copies = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1`,
        [`${template.replaceAll('_', '\\_')}\\_c\\_%`], // exactly this run's copies
      );
      for (const { datname } of copies.rows)
        await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'pledge-test-'));
  const database = await openDatabase({});
  await seedTemplate(database, log);
  project.provide('masterKey', keyring.keys.get('mk-test')!.toString('base64'));
  const dump = await database.dump!();
  await database.close();
  const file = path.join(dir, 'seeded.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDump', file);
  project.provide('pgTemplate', '');
  return async () => rm(dir, { recursive: true, force: true });
}
