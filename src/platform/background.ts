import type { Logger } from './logger.ts';

/**
 * Work a request starts but does not wait for: its answer must not depend on what the work finds
 * (registration and password-reset answers must take the same time whether or not an address has
 * an account). Tasks are tracked so that shutting down, and tests, can wait for them. A failure is
 * logged by label only (never the task's inputs).
 */
export class BackgroundWork {
  private running = new Set<Promise<void>>();
  private held: (() => void)[] | undefined;

  constructor(private readonly log: Logger) {}

  /** Starts `task` now (or when released, while held), without waiting for it. */
  run(label: string, task: () => Promise<unknown>): void {
    const held = this.held;
    const start = held ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve();
    const promise: Promise<void> = start
      .then(task)
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err, task: label }, 'background task failed'),
      )
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /**
   * Holds new tasks back until `release()`: shows that an answer went out before its work ran
   * (tests of the no-enumeration rule use it).
   */
  hold(): void {
    this.held ??= [];
  }

  /** Starts the held tasks. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const start of held) start();
  }

  /** Resolves when every task started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
