import type { Logger } from '../logger.ts';
import type { Ctx } from '../ctx.ts';
import type { JobDefinition } from '../module.ts';

/** One finished run of a job, for the run report (counts only, never personal values). */
export interface JobRun {
  job: string;
  tenant: string | undefined;
  startedAt: Date;
  durationMs: number;
  counts: Record<string, number>;
  /** The failure's type, when the run failed. */
  error?: string;
}

/**
 * A job that runs more often than once a minute is a sweeper: it runs in every process (flushing
 * that process's own counters, or taking rows with SKIP LOCKED), never through the queue, whose
 * schedules have minute granularity.
 */
export function isSweeper(job: JobDefinition): boolean {
  return job.everyMs < 60_000;
}

/** How the scheduler reaches the stores: the runtime's system runner. */
export interface JobHost {
  tenantIds(): string[];
  asSystem<T>(tenantId: string, job: string, fn: (ctx: Ctx) => Promise<T>): Promise<T>;
  now(): Date;
}

/**
 * Runs the modules' jobs in this process on their schedule (the embedded database's way, and the
 * default on a server until a worker process takes them): a tenant job once per store, each in
 * its own system transaction; never two runs of one job at once; a failed store does not stop
 * the others. `runNow` runs a job at once (the CLI, shutdown, tests).
 */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private readonly active = new Map<string, Promise<JobRun[]>>();
  /** The most recent runs, newest last (bounded). */
  readonly recent: JobRun[] = [];

  constructor(
    private readonly jobs: JobDefinition[],
    private readonly host: JobHost,
    private readonly log: Logger,
  ) {
    const ids = new Set<string>();
    for (const job of jobs) {
      if (ids.has(job.id)) throw new Error(`job '${job.id}' is defined twice`);
      ids.add(job.id);
    }
  }

  /** The ids of the jobs this scheduler runs. */
  jobIds(): string[] {
    return this.jobs.map((j) => j.id);
  }

  /** The jobs a queue runs once across processes (the others are per-process sweepers). */
  queuedJobs(): JobDefinition[] {
    return this.jobs.filter((j) => !isSweeper(j));
  }

  /**
   * Starts the timers (they do not keep the process alive): of every job, or with `sweepersOnly`
   * only of the sub-minute sweepers, when a queue runs the rest.
   */
  start(options: { sweepersOnly?: boolean } = {}): void {
    for (const job of this.jobs) {
      if (options.sweepersOnly && !isSweeper(job)) continue;
      const timer = setInterval(() => void this.runNow(job.id).catch(() => undefined), job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Waits for the runs in progress. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }

  /** Runs a job now (or waits for the run in progress); resolves with one report per store. */
  runNow(id: string): Promise<JobRun[]> {
    const job = this.jobs.find((j) => j.id === id);
    if (!job) return Promise.reject(new Error(`no job '${id}'`));
    const running = this.active.get(id);
    if (running) return running;
    const run = this.runAll(job).finally(() => this.active.delete(id));
    this.active.set(id, run);
    return run;
  }

  private async runAll(job: JobDefinition): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    const targets = job.scope === 'tenant' ? this.host.tenantIds() : [undefined];
    for (const tenant of targets) {
      const startedAt = this.host.now();
      const began = performance.now();
      let counts: Record<string, number> = {};
      let error: string | undefined;
      try {
        counts =
          (tenant
            ? await this.host.asSystem(tenant, job.id, (ctx) => job.run(ctx))
            : await job.run(undefined)) ?? {};
      } catch (err) {
        error = (err as Error).name ?? 'Error';
        this.log.error({ err, job: job.id, tenant }, 'job run failed');
      }
      const report: JobRun = {
        job: job.id,
        tenant,
        startedAt,
        durationMs: Math.round(performance.now() - began),
        counts,
        ...(error ? { error } : {}),
      };
      runs.push(report);
      this.recent.push(report);
      if (this.recent.length > 500) this.recent.shift();
    }
    return runs;
  }
}
