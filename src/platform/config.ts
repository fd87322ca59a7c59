import path from 'node:path';

/** Everything the process reads from its environment, parsed once at start-up. */
export interface Config {
  port: number;
  host: string;
  /** Where the embedded database (and later key files) live. */
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded PGlite database under `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Role the application runs its queries as; it cannot bypass row-level security. */
  dbAppRole: string;
  /** Password for `dbAppRole` on a PostgreSQL server (trust auth needs none). */
  dbAppPassword: string | undefined;
  /** Extra host-name → store mappings, on top of each tenant's own `hosts`. */
  hostAliases: Record<string, string>;
  /** Seed the demo stores when the database is empty. */
  seedDemo: boolean;
  logLevel: string;
  /** True behind a TLS-terminating proxy: cookies get `Secure`, HSTS is sent. */
  behindTls: boolean;
  /** Show queued e-mails on /s/<store>/dev/outbox (development only: it shows personal data). */
  devOutbox: boolean;
  /** How long anonymous catalog responses are reused (0 = off). PLEDGE_MICRO_CACHE_MS, default 2000. */
  microCacheMs: number;
}

function parseHostAliases(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [host, store] = pair.split('=');
    if (!host || !store) throw new Error(`PLEDGE_HOSTS entry '${pair}' must look like host=store`);
    out[host.toLowerCase()] = store;
  }
  return out;
}

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT '${raw}' is not a port number`);
  return port;
}

function parseMilliseconds(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000)
    throw new Error(`PLEDGE_MICRO_CACHE_MS '${raw}' must be 0–600000 milliseconds`);
  return ms;
}

/** Reads the configuration from an environment (defaults to `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: parsePort(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.PLEDGE_DATA_DIR ?? './.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    dbAppRole: env.PLEDGE_DB_APP_ROLE ?? 'pledge_app',
    dbAppPassword: env.PLEDGE_DB_APP_PASSWORD || undefined,
    hostAliases: parseHostAliases(env.PLEDGE_HOSTS),
    seedDemo: (env.PLEDGE_SEED_DEMO ?? 'true') !== 'false',
    logLevel: env.LOG_LEVEL ?? 'info',
    behindTls: env.PLEDGE_BEHIND_TLS === 'true',
    devOutbox: env.PLEDGE_DEV_OUTBOX === 'true',
    microCacheMs: parseMilliseconds(env.PLEDGE_MICRO_CACHE_MS, 2000),
  };
}
