import PgBoss from 'pg-boss';
import type { Logger } from '../logger.ts';
import type { JobDefinition } from '../module.ts';
import type { JobRun, Scheduler } from './scheduler.ts';

/** The schema pg-boss keeps its queues and schedules in (beside ours, on the same server). */
export const QUEUE_SCHEMA = 'pgboss';

/** A job's schedule as cron (minute granularity: every n minutes, every n hours, or daily). */
export function cronOf(everyMs: number): string {
  const minutes = Math.max(1, Math.round(everyMs / 60_000));
  if (minutes < 60) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
  return '0 0 * * *';
}

/**
 * Runs the modules' jobs through pg-boss on the PostgreSQL server (issue 15): each job is a queue
 * with its schedule; the `stately` policy lets one run wait and one be active, so however many
 * processes work the queue, a job never runs twice at once; a run that fails in any store is
 * retried (twice, 30 s apart). The work itself is the scheduler's (`runNow`): every store in its
 * own system transaction, as `system:<job>`, audited like any access.
 */
export class QueueRunner {
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    connectionString: string,
    private readonly scheduler: Scheduler,
    private readonly log: Logger,
  ) {
    this.boss = new PgBoss({ connectionString, schema: QUEUE_SCHEMA, max: 4 });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  /** Installs the queues and schedules; with `work`, this process also takes the jobs. */
  async start(options: { work: boolean }): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const job of this.scheduler.queuedJobs()) {
      if (!(await this.boss.getQueue(job.id)))
        await this.boss.createQueue(job.id, {
          name: job.id,
          policy: 'stately',
          retryLimit: 2,
          retryDelay: 30,
          expireInSeconds: Math.max(60, Math.round(job.everyMs / 1000)) * 5,
        });
      await this.boss.schedule(job.id, cronOf(job.everyMs), {}, { tz: 'UTC' });
      if (options.work) await this.boss.work(job.id, { pollingIntervalSeconds: 2 }, () => this.runOnce(job));
    }
  }

  private async runOnce(job: JobDefinition): Promise<{ stores: number; counts: JobRun['counts'] }> {
    const runs = await this.scheduler.runNow(job.id);
    const failed = runs.filter((r) => r.error);
    // A store that failed makes the whole run fail, so the queue retries it (the others are
    // idempotent passes: running them again finds nothing left to do).
    if (failed.length > 0)
      throw new Error(`${job.id} failed in ${failed.length} store(s): ${failed[0]!.error}`);
    const counts: JobRun['counts'] = {};
    for (const r of runs) for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
    return { stores: runs.length, counts };
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.started = false;
  }
}
