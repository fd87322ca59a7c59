/**
 * Fewer round trips on a PostgreSQL server. A transaction holds a pooled connection from BEGIN to
 * COMMIT, and on the checkout path most of that time was spent waiting for answers nobody needed
 * (bench/README.md). Two things cut the waits:
 *
 * - **BEGIN travels with the first statement**: the transaction's BEGIN (and its tenant setting)
 *   is held back and written in one piece with whatever the transaction sends first. A transaction
 *   that sends nothing sends no BEGIN and no COMMIT.
 * - **Writes sent without waiting** (`Statement.later`): an insert whose answer nothing reads is
 *   not awaited, and is held back (the socket corked) until the next statement or COMMIT, which
 *   carries it along in one write; the connection runs in pg's pipeline mode, so nothing waits
 *   for its answer. Its failure aborts the transaction on the server, so nothing after it takes
 *   effect and COMMIT turns into a rollback; the transaction then fails with that first error.
 *
 * PGlite runs in the process and has no round trips: there, every statement is awaited in turn.
 */

/** What a transaction on a pipelined connection has sent without waiting for. */
export class Pipeline {
  private pending: Promise<void>[] = [];
  /** The BEGIN still to be written in front of the transaction's first statement. */
  begin: string | undefined;
  /** Whether BEGIN went out (else there is nothing to commit or roll back). */
  begun = false;
  /** The socket is corked: held-back writes wait for the next statement. */
  corked: Corkable | undefined;
  /** The next query is a write to hold back (set by `sendHeld` around its send). */
  holdNext = false;

  /** The first failure of a write sent without waiting: the root cause of what failed after it. */
  failure: unknown;

  constructor(begin: string) {
    this.begin = begin;
  }

  /** Keeps a write that was sent without waiting; its failure is kept, never unhandled. */
  add(sent: Promise<unknown>): void {
    this.pending.push(
      sent.then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= error;
        },
      ),
    );
  }

  /** Writes out what is held back (nothing waits for the next query any more). */
  flush(): void {
    const corked = this.corked;
    this.corked = undefined;
    corked?.uncork();
  }

  /** Waits for every write sent so far (held-back ones go out first); throws the first failure. */
  async settle(): Promise<void> {
    this.flush();
    while (this.pending.length) await Promise.all(this.pending.splice(0));
    if (this.failure !== undefined) throw this.failure;
  }
}

const pipelines = new WeakMap<object, Pipeline>();

/** The pipeline of a transaction on this client (a pooled pg connection), if one is open. */
export function pipelineOf(client: object): Pipeline | undefined {
  return pipelines.get(client);
}

/**
 * Opens the pipeline of a transaction on a client, with the BEGIN to send in front of its first
 * statement; `closePipeline` when it ends.
 */
export function openPipeline(client: object, begin: string): Pipeline {
  const pipeline = new Pipeline(begin);
  pipelines.set(client, pipeline);
  return pipeline;
}

export function closePipeline(client: object): void {
  const pipeline = pipelines.get(client);
  pipelines.delete(client);
  pipeline?.flush(); // nothing may stay unsent
}

/** Sends a write through `send` and holds it back until the transaction's next query. */
export function sendHeld<T>(client: object, send: () => T): T {
  const pipeline = pipelines.get(client);
  if (!pipeline) return send();
  pipeline.holdNext = true;
  try {
    return send();
  } finally {
    pipeline.holdNext = false;
  }
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Every query of a pooled connection passes here (#db/client.ts): in a transaction, the held-back
 * BEGIN goes first and held-back writes go along, all in one write; a write to hold back
 * (`sendHeld`) leaves the socket corked for the next query.
 */
export function sendInTransaction<T>(
  client: object,
  send: () => T,
  sendBegin: (text: string) => Promise<unknown>,
): T {
  const pipeline = pipelines.get(client);
  if (!pipeline) return send();
  const hold = pipeline.holdNext;
  pipeline.holdNext = false;
  if (!pipeline.corked && (hold || pipeline.begin !== undefined)) {
    const stream = (client as { connection?: { stream?: Partial<Corkable> } }).connection?.stream;
    if (stream?.cork && stream.uncork) {
      stream.cork();
      pipeline.corked = stream as Corkable;
    }
  }
  try {
    if (pipeline.begin !== undefined) {
      const begin = pipeline.begin;
      pipeline.begin = undefined;
      pipeline.begun = true;
      pipeline.add(sendBegin(begin));
    }
    return send();
  } finally {
    if (!hold) pipeline.flush();
  }
}
