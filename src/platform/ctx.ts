import type { Db } from '#db/client.ts';
import type { Logger } from './logger.ts';

/** Who is acting: recorded by audit, checked by access rules. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'shopper'; id: string }
  | { kind: 'staff'; id: string; role: string }
  | { kind: 'system'; job: string };

/**
 * What every use case receives first. `db` is usually a transaction already scoped to one tenant;
 * time comes from `now()` so tests control it.
 */
export interface BaseCtx {
  db: Db;
  now(): Date;
  log: Logger;
  actor: Actor;
  requestId: string;
}
