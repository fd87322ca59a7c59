import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { CliSandbox } from '../support/cli.ts';

// RT-1 (jobs that run on their own): on a PostgreSQL server the modules' jobs go through pg-boss.
// Two `npm run worker` processes share the queue: each job is scheduled once, a run asked for
// several times at once runs one at a time, and each run is done by one worker only.

const cli = new CliSandbox();
const workers: ChildProcess[] = [];

/** Starts `npm run worker`'s entry point and resolves once it reports its queued jobs. */
function startWorker(): Promise<ChildProcess> {
  const child = spawn('node', ['--import', 'tsx', 'src/worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: cli.databaseUrl!,
      PLEDGE_DATA_DIR: cli.dir,
      PLEDGE_MASTER_KEY: cli.masterKey,
      PLEDGE_MASTER_KEY_ID: 'mk-cli',
      PLEDGE_SEED_DEMO: 'true',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out.slice(-2000)}`)), 90_000);
    const read = (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes('worker started')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

const stopped = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

beforeAll(async () => {
  await cli.open('worker');
}, 60_000);
afterAll(async () => {
  await Promise.all(workers.map(stopped));
  await cli.close();
});

describe.skipIf(!process.env.DATABASE_URL)('jobs through pg-boss on a PostgreSQL server', () => {
  it('RT-1, SEC-6: two workers share the queue: every job is scheduled once, a run is taken by one worker, runs of one job never overlap, and a backup holds the stores but not the queue', async () => {
    await startWorker();
    await startWorker();
    const db = new pg.Client({ connectionString: cli.databaseUrl });
    await db.connect();
    try {
      const schedules = await db.query<{ name: string; cron: string }>(
        'select name, cron from pgboss.schedule order by name',
      );
      // Each job once (two workers scheduled the same thing), with its period as cron.
      expect(schedules.rows.filter((s) => s.name === 'privacy.retention')).toEqual([
        { name: 'privacy.retention', cron: '0 * * * *' },
      ]);
      expect(schedules.rows.find((s) => s.name === 'security.detect')?.cron).toBe('* * * * *');
      // Sub-minute sweepers stay in each process: they are not queued.
      expect(schedules.rows.map((s) => s.name)).not.toContain('events.deliver');

      // An operator asks for the retention run five times at once, as five processes might.
      const boss = new PgBoss({
        connectionString: cli.databaseUrl!,
        schema: 'pgboss',
        schedule: false,
        supervise: false,
      });
      await boss.start();
      const sent = await Promise.all(Array.from({ length: 5 }, () => boss.send('privacy.retention', {})));
      const accepted = sent.filter((id): id is string => id !== null);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      expect(accepted.length).toBeLessThan(5); // one may wait while one runs: not five
      let done: { state: string; started_on: Date; completed_on: Date; output: { stores: number } }[] = [];
      for (let i = 0; i < 120 && done.length < accepted.length; i++) {
        await new Promise((r) => setTimeout(r, 500));
        done = (
          await db.query(
            `select state, started_on, completed_on, output from pgboss.job
             where name = 'privacy.retention' and id = any($1::uuid[]) and state = 'completed' order by started_on`,
            [accepted],
          )
        ).rows;
      }
      await boss.stop({ graceful: false });
      expect(done).toHaveLength(accepted.length);
      expect(done[0]!.output.stores).toBe(3); // every demo store, in one run
      for (let i = 1; i < done.length; i++)
        expect(done[i]!.started_on.getTime()).toBeGreaterThanOrEqual(done[i - 1]!.completed_on.getTime());
      // Each run left its report for compliance (one line per rule, per store).
      const reports = await db.query<{ n: number }>(
        `select count(distinct run_id)::int as n from privacy.retention_run where not dry_run`,
      );
      expect(reports.rows[0]!.n).toBeGreaterThanOrEqual(3 * accepted.length);
    } finally {
      await db.end();
    }
    // A worker stops cleanly on SIGTERM, after the run in progress.
    expect(await stopped(workers[0]!)).toBe(0);
    // A backup of a server whose jobs run through the queue holds the stores, not the queue, and
    // restores while a worker still runs.
    const file = `${cli.dir}/with-queue.pledge`;
    const made = await cli.run('backup', 'create', '--out', file);
    expect(made.code, made.out).toBe(0);
    const header = JSON.parse((await cli.run('backup', 'inspect', file)).out) as {
      tables: { name: string }[];
    };
    expect(header.tables.some((t) => t.name.startsWith('pgboss.'))).toBe(false);
    const restored = await cli.run('backup', 'restore', file, '--yes');
    expect(restored.code, restored.out).toBe(0);
  }, 240_000);
});
