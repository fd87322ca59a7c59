/**
 * Fewer round trips on a PostgreSQL server. On the checkout path the server's time went mostly
 * into socket writes, one per statement (bench/README.md). Two things cut them:
 *
 * - **Coalescing**: every statement written to a connection during one turn of the event loop
 *   leaves in one write (the socket is corked until the loop's check phase). BEGIN travels with the
 *   transaction's first statement, and COMMIT with the writes sent just before it.
 * - **Writes sent without waiting** (`Statement.later`): an insert whose answer nothing reads is
 *   sent and not awaited; the connection runs in pg's pipeline mode, so the statements behind it
 *   go out at once. Its failure aborts the transaction on the server, so nothing after it takes
 *   effect and COMMIT turns into a rollback; the transaction then fails with that first error.
 *
 * PGlite runs in the process and has no round trips: there, every statement is awaited in turn.
 */

/** What a transaction on a pipelined connection has sent without waiting for. */
export class Pipeline {
  private pending: Promise<void>[] = [];
  /** The first failure of a write sent without waiting: the root cause of what failed after it. */
  failure: unknown;

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

  /** Waits for every write sent so far; throws the first failure among them. */
  async settle(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
    if (this.failure !== undefined) throw this.failure;
  }
}

const pipelines = new WeakMap<object, Pipeline>();

/** The pipeline of a transaction on this client (a pooled pg connection), if one is open. */
export function pipelineOf(client: object): Pipeline | undefined {
  return pipelines.get(client);
}

/** Opens the pipeline of a transaction on a client; `closePipeline` when it ends. */
export function openPipeline(client: object): Pipeline {
  const pipeline = new Pipeline();
  pipelines.set(client, pipeline);
  return pipeline;
}

export function closePipeline(client: object): void {
  pipelines.delete(client);
}

interface Corkable {
  cork(): void;
  uncork(): void;
}
const corked = new WeakSet<Corkable>();

/**
 * Holds what is written to a pg client's socket until the event loop's check phase, so that the
 * statements sent meanwhile (BEGIN and the first query, writes and COMMIT) leave in one write.
 */
export function coalesceWrites(client: object): void {
  const stream = (client as { connection?: { stream?: Partial<Corkable> } }).connection?.stream;
  if (!stream?.cork || !stream.uncork) return;
  const socket = stream as Corkable;
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  setImmediate(() => {
    corked.delete(socket);
    socket.uncork();
  });
}
