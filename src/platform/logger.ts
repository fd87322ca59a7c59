import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear. Personal values must never be logged in the first
 * place; this list is the safety net for request/response objects that carry them.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.email',
  '*.password',
  '*.name',
  '*.phone',
  '*.address',
  '*.cardNumber',
  '*.cvc',
];

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Whether an error came from the database (PostgreSQL or PGlite): it carries a SQLSTATE code. */
function isDatabaseError(err: Record<string, unknown>): boolean {
  return typeof err.code === 'string' && SQLSTATE.test(err.code) && 'severity' in err;
}

/**
 * An error as it may be logged. A database error's message and detail can quote the values of a
 * statement ("invalid input syntax for type integer: …", "Key (email_index)=(…) already exists"),
 * and Drizzle's query errors append every bind parameter (search terms people typed, e-mail
 * addresses): neither is ever written. What remains names the failure: the SQLSTATE, the
 * constraint or table, the statement text with its placeholders, and the stack below the message.
 */
export function safeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error) || depth > 4) return value instanceof Error ? { type: value.name } : value;
  const err = value as Error & Record<string, unknown>;
  // Only the frames: a stack starts with the message, which may span lines (Drizzle's does).
  const stack = err.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  if (isDatabaseError(err)) {
    return {
      type: 'DatabaseError',
      message: `database error ${String(err.code)}${typeof err.routine === 'string' ? ` in ${err.routine}` : ''}`,
      code: err.code,
      ...(err.constraint ? { constraint: err.constraint } : {}),
      ...(err.table ? { table: err.table } : {}),
      ...(err.column ? { column: err.column } : {}),
      stack,
    };
  }
  if ('query' in err && 'params' in err) {
    // Drizzle's "Failed query: <sql>\nparams: <values>": keep the statement, never the values.
    return {
      type: err.name,
      message: `failed query: ${String(err.query).slice(0, 2000)}`,
      stack,
      cause: safeError(err.cause, depth + 1),
    };
  }
  return {
    type: err.name,
    message: err.message,
    stack,
    ...(err.cause !== undefined ? { cause: safeError(err.cause, depth + 1) } : {}),
  };
}

/**
 * Builds the process logger. A request is logged by its route pattern (`/s/:store/p/:slug`), never
 * by its URL: paths and query strings carry what people typed (searches, slugs, order numbers).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        err: safeError,
        req: (req: { method: string; id: string; routeOptions?: { url?: string } }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url ?? '(no route)',
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
