import type { Logger } from './logger.ts';

/**
 * Work a request starts but does not wait for: its answer must not depend on what the work finds
 * (registration and password-reset answers must take the same time whether or not an address has
 * an account). Tasks are tracked so that shutting down, and tests, can wait for them. A failure is
 * logged by label only (never the task's inputs).
 */
export class BackgroundWork {
  private running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  /** Starts `task` now, without waiting for it. */
  run(label: string, task: () => Promise<unknown>): void {
    const promise: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err, task: label }, 'background task failed'),
      )
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Resolves when every task started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
