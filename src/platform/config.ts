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
  /**
   * Connections this process keeps to a PostgreSQL server (PLEDGE_DB_POOL_MAX, default 20). Each
   * running transaction holds one; mind the server's max_connections across processes.
   */
  dbPoolMax: number;
  /** Extra host-name → store mappings, on top of each tenant's own `hosts`. */
  hostAliases: Record<string, string>;
  /** Seed the demo stores when the database is empty. */
  seedDemo: boolean;
  /** Keep one canary account per store (IR-3): `PLEDGE_CANARY_ACCOUNTS`, on unless `false`. */
  canaryAccounts: boolean;
  logLevel: string;
  /** True behind a TLS-terminating proxy: cookies get `Secure`, HSTS is sent. */
  behindTls: boolean;
  /** Show queued e-mails on /s/<store>/dev/outbox (development only: it shows personal data). */
  devOutbox: boolean;
  /** How long anonymous catalog responses are reused (0 = off). PLEDGE_MICRO_CACHE_MS, default 2000. */
  microCacheMs: number;
  /**
   * The platform's public address (PLEDGE_PUBLIC_URL, default `http://localhost:<PORT>`). Links in
   * e-mails are built from it and from the stores' configured host names, never from a request's
   * Host or X-Forwarded-Host header (which anyone can set).
   */
  publicUrl: URL;
  /**
   * Addresses (IPs or CIDR ranges) of the proxies whose X-Forwarded-For / -Proto are believed
   * (PLEDGE_TRUSTED_PROXIES). Behind TLS the default is the loopback proxy; otherwise none.
   */
  trustedProxies: string[];
  /**
   * Run the built-in emulators of the outside world (a carrier and a tracking provider under
   * /emulators/…, a mail catcher on a loopback SMTP port): PLEDGE_EMULATORS, on by default unless
   * behind TLS. They stand in for real services wherever no URL is configured below.
   */
  emulators: boolean;
  /** The carrier's API base URL and key (PLEDGE_CARRIER_URL / _API_KEY); unset: the emulator. */
  carrier: { url: string | undefined; apiKey: string };
  /** The tracking provider's API base URL and key, and the webhook signing secret. */
  tracking: { url: string | undefined; apiKey: string; webhookSecret: string | undefined };
  /** The mail relay (SMTP_URL, e.g. smtps://user:pass@host:465); unset: the emulator's catcher. */
  smtpUrl: string | undefined;
  /** The sender address of every e-mail (PLEDGE_MAIL_FROM); the store's name is shown with it. */
  mailFrom: string;
  /**
   * How the modules' jobs are run (PLEDGE_JOBS): `queue` — through pg-boss on the PostgreSQL
   * server (schedules, retries, one run at a time across processes; the default with
   * DATABASE_URL); `in-process` — timers in this process (the embedded database's way).
   */
  jobs: 'queue' | 'in-process';
  /**
   * PLEDGE_WORKER=external: this server leaves the queued jobs to `npm run worker` processes (it
   * still runs the sub-minute sweepers and its own in-memory flushes).
   */
  externalWorker: boolean;
  /** `worker`: a job process (`npm run worker`), which takes queued jobs and serves no HTTP. */
  role: 'server' | 'worker';
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

function parsePoolMax(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new Error(`PLEDGE_DB_POOL_MAX '${raw}' must be a whole number of connections, 1–500`);
  return n;
}

function parseMilliseconds(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > 600_000)
    throw new Error(`PLEDGE_MICRO_CACHE_MS '${raw}' must be 0–600000 milliseconds`);
  return ms;
}

function parsePublicUrl(raw: string | undefined, port: number): URL {
  const value = raw || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PLEDGE_PUBLIC_URL '${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`PLEDGE_PUBLIC_URL '${value}' must start with http:// or https://`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`PLEDGE_PUBLIC_URL '${value}' must not carry a query, fragment or credentials`);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** An outside service's base URL from the environment, checked, without a trailing slash. */
function serviceUrl(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} '${raw}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must start with http:// or https://`);
  return raw.replace(/\/+$/, '');
}

const PROXY_ADDRESS = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

function parseTrustedProxies(raw: string | undefined, behindTls: boolean): string[] {
  if (raw === undefined || raw.trim() === '') return behindTls ? ['127.0.0.1', '::1'] : [];
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list)
    if (!PROXY_ADDRESS.test(entry))
      throw new Error(`PLEDGE_TRUSTED_PROXIES entry '${entry}' must be an IP address or CIDR range`);
  return list;
}

function parseJobs(env: NodeJS.ProcessEnv): Config['jobs'] {
  const raw = env.PLEDGE_JOBS ?? (env.DATABASE_URL ? 'queue' : 'in-process');
  if (raw !== 'queue' && raw !== 'in-process')
    throw new Error(`PLEDGE_JOBS must be 'queue' or 'in-process', not '${raw}'`);
  if (raw === 'queue' && !env.DATABASE_URL)
    throw new Error('PLEDGE_JOBS=queue needs DATABASE_URL: the job queue lives on a PostgreSQL server');
  return raw;
}

/** Reads the configuration from an environment (defaults to `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT, 3000);
  const behindTls = env.PLEDGE_BEHIND_TLS === 'true';
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.PLEDGE_DATA_DIR ?? './.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    dbAppRole: env.PLEDGE_DB_APP_ROLE ?? 'pledge_app',
    dbAppPassword: env.PLEDGE_DB_APP_PASSWORD || undefined,
    dbPoolMax: parsePoolMax(env.PLEDGE_DB_POOL_MAX),
    hostAliases: parseHostAliases(env.PLEDGE_HOSTS),
    seedDemo: (env.PLEDGE_SEED_DEMO ?? 'true') !== 'false',
    canaryAccounts: (env.PLEDGE_CANARY_ACCOUNTS ?? 'true') !== 'false',
    logLevel: env.LOG_LEVEL ?? 'info',
    behindTls,
    devOutbox: env.PLEDGE_DEV_OUTBOX === 'true',
    microCacheMs: parseMilliseconds(env.PLEDGE_MICRO_CACHE_MS, 2000),
    publicUrl: parsePublicUrl(env.PLEDGE_PUBLIC_URL, port),
    trustedProxies: parseTrustedProxies(env.PLEDGE_TRUSTED_PROXIES, behindTls),
    emulators: (env.PLEDGE_EMULATORS ?? (behindTls ? 'false' : 'true')) === 'true',
    carrier: {
      url: serviceUrl('PLEDGE_CARRIER_URL', env),
      apiKey: env.PLEDGE_CARRIER_API_KEY || 'sandbox-carrier-key',
    },
    tracking: {
      url: serviceUrl('PLEDGE_TRACKING_URL', env),
      apiKey: env.PLEDGE_TRACKING_API_KEY || 'sandbox-tracking-key',
      webhookSecret: env.PLEDGE_TRACKING_WEBHOOK_SECRET || undefined,
    },
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.PLEDGE_MAIL_FROM || 'no-reply@pledge.localhost',
    jobs: parseJobs(env),
    externalWorker: env.PLEDGE_WORKER === 'external',
    role: 'server',
  };
}
