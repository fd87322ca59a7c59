import type { Db } from './client.ts';
import { pipelineOf, sendHeld } from './pipeline.ts';

/**
 * Hand-written statements for the hot path (checkout, cart). Drizzle builds a query's text anew on
 * every call and maps every row field by field; on the checkout path that was a fifth of the
 * server's CPU (bench/README.md). A `statement` is written once as text with `$1…` parameters and
 * sent as it is: on a PostgreSQL server as a prepared statement (the pool names it by its text,
 * #db/client.ts: parsed and planned once per connection), on PGlite through its own extended-protocol query. Row-level security applies as
 * to any other query: the policies read the transaction's tenant setting when the statement runs.
 *
 * Rows come back as the driver types them: `timestamptz` as `Date`, `jsonb` parsed, `text[]` as
 * arrays, `int4` as numbers. `int8` and `numeric` differ between the two drivers (a string on a
 * server, a number on PGlite): cast them to `int` in the text, or convert in the caller.
 * Parameters: a `Date` for a timestamp, a JS array for an array column, and a JSON string (never
 * an object or array) for `jsonb`.
 */
export interface Statement<Row> {
  /** Runs the statement on a database handle (a transaction's, usually) and returns its rows. */
  rows(db: Db, values: readonly unknown[]): Promise<Row[]>;
  /** The first row, or undefined. */
  one(db: Db, values: readonly unknown[]): Promise<Row | undefined>;
  /** Runs it for its effect; answers how many rows it touched. */
  run(db: Db, values: readonly unknown[]): Promise<number>;
  /**
   * Sends a write whose answer nobody reads, without waiting for it, inside a transaction on a
   * PostgreSQL server (#db/pipeline.ts): its failure fails the transaction, at the next statement
   * or at commit. Elsewhere (PGlite, no transaction) it runs and is awaited like `run`.
   */
  later(db: Db, values: readonly unknown[]): Promise<void>;
  readonly text: string;
}

interface PgQueryable {
  query(config: { text: string; values: unknown[] }): Promise<QueryResult>;
}
interface PgliteQueryable {
  exec(text: string): Promise<unknown>;
  query(text: string, values: unknown[]): Promise<QueryResult>;
}
interface QueryResult {
  rows: unknown[];
  rowCount?: number | null;
  affectedRows?: number;
}

/** The driver's client under a Drizzle handle (a pool, a pooled connection, PGlite or its transaction). */
function clientOf(db: Db): PgQueryable | PgliteQueryable {
  return (db as unknown as { session: { client: PgQueryable | PgliteQueryable } }).session.client;
}

const isPglite = (client: PgQueryable | PgliteQueryable): client is PgliteQueryable =>
  typeof (client as PgliteQueryable).exec === 'function';

/**
 * A statement from its SQL text (`$1`, `$2`… for values). Give the row type the text's column
 * aliases produce (`select token_hash as "tokenHash"`).
 */
export function statement<Row = Record<string, unknown>>(text: string): Statement<Row> {
  const normalised = text.replace(/\s+/g, ' ').trim();
  const send = async (db: Db, values: readonly unknown[]): Promise<QueryResult> => {
    const client = clientOf(db);
    if (isPglite(client)) return client.query(normalised, values as unknown[]);
    try {
      return await client.query({ text: normalised, values: values as unknown[] });
    } catch (error) {
      // After a write sent without waiting failed, every statement fails "transaction aborted":
      // the write's own error is the one worth reporting.
      throw pipelineOf(client)?.failure ?? error;
    }
  };
  return {
    text: normalised,
    rows: async (db, values) => (await send(db, values)).rows as Row[],
    one: async (db, values) => (await send(db, values)).rows[0] as Row | undefined,
    run: async (db, values) => {
      const result = await send(db, values);
      return result.rowCount ?? result.affectedRows ?? 0;
    },
    later: async (db, values) => {
      const client = clientOf(db);
      const pipeline = isPglite(client) ? undefined : pipelineOf(client);
      if (!pipeline) {
        await send(db, values);
        return;
      }
      const pg = client as PgQueryable;
      pipeline.add(sendHeld(pg, () => pg.query({ text: normalised, values: values as unknown[] })));
    },
  };
}
