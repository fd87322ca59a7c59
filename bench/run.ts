/**
 * `npm run bench`: loads Pledge with autocannon on PostgreSQL and on embedded PGlite, and compares
 * every figure with a bare Fastify "hello" measured in the same run (the ceiling of this machine).
 * `npm run bench -- --products 100000` measures search at catalog scale instead.
 * Options: --engines postgres,pglite  --connections 10,50  --duration 10 (seconds per scenario)
 *          --only catalog|checkout (one half of the scenarios)  --profile (a V8 CPU profile of the
 *          server per measured scenario in bench/profiles/; summarise with bench/profile-summary.ts)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { ADJECTIVES, NOUNS } from './generate-catalog.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STORE = 'skincare';
const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: 'postgres,pglite' },
    connections: { type: 'string', default: '10,50' },
    duration: { type: 'string', default: '10' },
    products: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const only = args.only as 'catalog' | 'checkout' | undefined;
const engines = args.engines.split(',') as ('postgres' | 'pglite')[];
const connectionCounts = args.connections.split(',').map(Number);
const duration = Number(args.duration);
const products = args.products ? Number(args.products) : undefined;
// A local server is reached through its Unix socket when there is one (what a single-machine
// install would do: no TCP stack per query); DATABASE_URL overrides.
const SOCKET_DIR = '/var/run/postgresql';
const serverUrl =
  process.env.DATABASE_URL ??
  (existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`)
    ? `postgresql://postgres@localhost/postgres?host=${SOCKET_DIR}`
    : 'postgres://postgres@127.0.0.1:5432/postgres');

interface Row {
  engine: string;
  scenario: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratio?: number;
  note?: string;
}

/** The benchmarked server in its own process, and a way to talk to it. */
class Server {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly ceilingUrl: string,
  ) {}
  static async start(env: NodeJS.ProcessEnv): Promise<Server> {
    const child = Server.fork('server.ts', env);
    const ready = await Server.next(child, 'ready', 180_000);
    return new Server(child, ready.url as string, ready.ceilingUrl as string);
  }
  static fork(file: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
    return fork(path.join(HERE, file), [], {
      execArgv: ['--import', 'tsx'],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }
  static next(child: ChildProcess, type: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not answer '${type}'`)), timeoutMs);
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type === 'error') reject(new Error(String(m.message)));
        else if (m.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
  }
  ask(message: Record<string, unknown>, answer: string, timeoutMs = 600_000) {
    const reply = Server.next(this.child, answer, timeoutMs);
    this.child.send(message);
    return reply;
  }
  /** Peak resident memory of the server process (VmHWM), in MB. */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024);
  }
  async stop() {
    this.child.send({ type: 'stop' });
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

type Requests = autocannon.Options['requests'];
/** What one autocannon connection remembers between the requests of a checkout. */
type Visitor = { token: string; ip: string };

/** A client address of a new simulated shopper (each checkout flow is a different person). */
const shopperAddress = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

async function load(url: string, connections: number, seconds: number, requests?: Requests) {
  const result = await autocannon({ url, connections, duration: seconds, requests, pipelining: 1 });
  return result;
}

/** Runs `measure` under the CPU profiler when --profile is given. */
async function profiled<T>(server: Server, label: string, measure: () => Promise<T>): Promise<T> {
  if (!args.profile) return measure();
  await server.ask({ type: 'profile-start' }, 'profiling');
  const result = await measure();
  const file = path.join(HERE, 'profiles', `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`);
  await server.ask({ type: 'profile-stop', file }, 'profiled');
  return result;
}

async function scenario(
  server: Server,
  engine: string,
  name: string,
  url: string,
  connections: number,
  requests?: Requests,
): Promise<Row> {
  await load(url, connections, 1, requests); // warm-up: JIT, caches, connection pool
  const r = await profiled(server, `${engine} ${name} ${connections}`, () =>
    load(url, connections, duration, requests),
  );
  return {
    engine,
    scenario: name,
    connections,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

async function createBenchDatabase(): Promise<string> {
  const name = `pledge_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
async function dropBenchDatabase() {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists pledge_bench_${process.pid} with (force)`);
  await admin.end();
}

async function postgresVersion(): Promise<string> {
  try {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    const { rows } = await c.query('show server_version');
    await c.end();
    return String(rows[0].server_version);
  } catch {
    return 'not reachable';
  }
}

async function getJson(url: string) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The storefront and API scenarios (a)–(e), then the checkout flow (f). */
async function runLoad(engine: string, server: Server): Promise<{ rows: Row[]; checkout: string[] }> {
  const base = server.url;
  const list = await getJson(`${base}/api/stores/${STORE}/products?limit=20`);
  const productSlug = list.items[0].slug as string;
  const query = 'hydrating serum';
  const rows: Row[] = [];
  const checkoutNotes: string[] = [];
  for (const connections of connectionCounts) {
    const ceiling = await scenario(
      server,
      engine,
      '(a) bare Fastify hello (ceiling)',
      `${server.ceilingUrl}/hello`,
      connections,
    );
    rows.push(ceiling);
    const pages: [string, string][] = [
      ['(b) storefront home page', `${base}/s/${STORE}`],
      ['(c) product list JSON, 20 items', `${base}/api/stores/${STORE}/products?limit=20`],
      ['(d) search JSON, two words', `${base}/api/stores/${STORE}/search?q=${encodeURIComponent(query)}`],
      ['(e) product detail page', `${base}/s/${STORE}/p/${productSlug}`],
    ];
    if (only === 'checkout') continue;
    for (const [name, url] of pages) {
      const row = await scenario(server, engine, name, url, connections);
      rows.push({ ...row, ratio: row.rps / ceiling.rps });
    }
    // The same answers with the micro-cache defeated: an unknown query parameter (dropped by the
    // schema) makes every URL new, so each request is rendered from the database.
    for (const [name, url] of pages.slice(1)) {
      let n = 0;
      const { pathname, search } = new URL(url);
      const target = `${pathname}${search}${search ? '&' : '?'}nocache=`;
      const uncached: Requests = [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `${target}${++n}` }),
        },
      ];
      const row = await scenario(server, engine, `${name}, uncached`, url, connections, uncached);
      rows.push({ ...row, ratio: row.rps / ceiling.rps });
    }
  }

  if (only === 'catalog') return { rows, checkout: checkoutNotes };
  const prepared = await server.ask({ type: 'prepare-checkout' }, 'prepared');
  const hot = prepared.hotSkus as string[];
  const pool = prepared.poolSkus as string[];
  const version = (await getJson(`${base}/api/stores/${STORE}/checkout/terms`))
    .privacyPolicyVersion as string;
  const ceilingRps = new Map(
    rows.filter((r) => r.scenario.startsWith('(a)')).map((r) => [r.connections, r.rps]),
  );
  let sequence = 0;
  for (const connections of connectionCounts) {
    for (const measured of [false, true]) {
      const outcome = { placed: 0, soldOut: 0, other: 0 };
      const json = { 'content-type': 'application/json' };
      const pick = (skus: string[]) => skus[Math.floor(Math.random() * skus.length)]!;
      const requests: Requests = [
        {
          method: 'POST',
          path: `/api/stores/${STORE}/carts`,
          body: '{}',
          setupRequest: (req: autocannon.Request, context: object) => {
            (context as Visitor).ip = shopperAddress();
            return { ...req, headers: { ...json, 'x-forwarded-for': (context as Visitor).ip } };
          },
          onResponse: (_status, body, context) => {
            (context as Visitor).token = (JSON.parse(body) as { cartToken: string }).cartToken;
          },
        },
        ...[hot, pool].map((skus) => ({
          method: 'POST' as const,
          path: `/api/stores/${STORE}/cart/lines`,
          setupRequest: (req: autocannon.Request, context: object) => ({
            ...req,
            headers: {
              ...json,
              'x-cart-token': (context as Visitor).token,
              'x-forwarded-for': (context as Visitor).ip,
            },
            body: JSON.stringify({ sku: pick(skus), quantity: 1 }),
          }),
        })),
        {
          method: 'POST',
          path: `/api/stores/${STORE}/checkout`,
          setupRequest: (req, context) => ({
            ...req,
            headers: {
              ...json,
              'x-cart-token': (context as Visitor).token,
              'x-forwarded-for': (context as Visitor).ip,
              'idempotency-key': `bench-${process.pid}-${++sequence}`,
            },
            body: JSON.stringify({
              email: 'bench.shopper@example.com',
              shippingAddress: {
                recipientName: 'Bench Shopper',
                line1: '1 Load Street',
                city: 'Testville',
                postalCode: '12345',
                countryCode: 'DE',
              },
              acceptPrivacyPolicyVersion: version,
              payment: { card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } },
            }),
          }),
          onResponse: (status) => {
            if (status === 201) outcome.placed++;
            else if (status === 409) outcome.soldOut++;
            else outcome.other++;
          },
        },
      ];
      if (!measured) {
        await load(server.url, connections, 1, requests);
        continue;
      }
      const r = await profiled(server, `${engine} checkout ${connections}`, () =>
        load(server.url, connections, duration, requests),
      );
      const ordersPerSecond = outcome.placed / duration;
      rows.push({
        engine,
        scenario: '(f) guest checkout flow (orders/s)',
        connections,
        rps: Math.round(ordersPerSecond),
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: outcome.other + r.errors + r.timeouts,
        ratio: ordersPerSecond / ceilingRps.get(connections)!,
        note: `${outcome.placed} orders, ${outcome.soldOut} refused as sold out; latency is per request (4 per order)`,
      });
    }
  }
  const check = await server.ask({ type: 'oversold' }, 'oversold');
  checkoutNotes.push(
    `${engine}: ${Number(check.orders)} orders in the database, oversold units: ${Number(check.oversold)}, variants with negative stock: ${Number(check.negativeStock)}`,
    `${engine}: order confirmations handed over SMTP to the mail relay: ${Number(check.mailSent)}, still waiting: ${Number(check.mailWaiting)}`,
  );
  const audit = await server.ask({ type: 'verify-audit' }, 'verified-audit');
  const eventsPerSecond = (Number(audit.events) / Math.max(1, Number(audit.millis))) * 1000;
  checkoutNotes.push(
    `${engine}: audit on (one chained event per order); audit verify: ${Number(audit.events)} events ${audit.ok ? 'intact' : 'NOT INTACT'} in ${Number(audit.millis)} ms (${Math.round(eventsPerSecond).toLocaleString('en')} events/s)`,
  );
  return { rows, checkout: checkoutNotes };
}

/** Search latencies at catalog scale, measured request by request (exact percentiles). */
async function runScale(engine: string, server: Server) {
  const generated = await server.ask({ type: 'generate', products }, 'generated', 1_800_000);
  const randomQuery = () =>
    `${ADJECTIVES[Math.floor(Math.random() * ADJECTIVES.length)]} ${NOUNS[Math.floor(Math.random() * NOUNS.length)]}`;
  const measure = async (clients: number, seconds: number) => {
    const latencies: number[] = [];
    let results = 0;
    const deadline = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const res = await fetch(
          `${server.url}/api/stores/${STORE}/search?q=${encodeURIComponent(randomQuery())}`,
        );
        const body = (await res.json()) as { total?: number };
        latencies.push(performance.now() - started);
        if (res.ok && (body.total ?? 0) > 0) results++;
      }
    };
    await Promise.all(Array.from({ length: clients }, worker));
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    return {
      clients,
      searches: latencies.length,
      perSecond: latencies.length / seconds,
      withResults: results,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
    };
  };
  await measure(4, 2); // warm-up: JIT, plans, caches
  // One shopper at a time (latency of a search), then ten at once (the machine under load).
  const runs = [await measure(1, duration), await measure(10, duration)];
  return {
    engine,
    products: generated.products as number,
    loadMs: generated.loadMs as number,
    reindexMs: generated.reindexMs as number | null,
    runs,
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const machine = [
  `- CPU: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores available to this process`,
  `- Memory: ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${os.type()} ${os.release()}`,
  `- Node.js ${process.version}; PostgreSQL server ${await postgresVersion()} via ${serverUrl.includes('host=/') ? 'its Unix socket' : 'TCP'}; PGlite ${JSON.parse(readFileSync(path.join(HERE, '..', 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version}`,
  `- Load generator: autocannon in the same machine (it competes with the server for the cores)`,
  `- ${duration} s per scenario after a 1 s warm-up; server log level warn`,
];

const lines: string[] = [
  `# Pledge benchmark — ${new Date().toISOString().slice(0, 10)}`,
  '',
  '## Machine',
  ...machine,
  '',
];
let printed = 0;
for (const engine of engines) {
  // The mail relay runs apart, as a store's relay would: see bench/mail-relay.ts.
  const relay = Server.fork('mail-relay.ts');
  const relayUrl = (await Server.next(relay, 'ready', 60_000)).url as string;
  const env: NodeJS.ProcessEnv = { ...process.env, PLEDGE_SEED_DEMO: 'true', SMTP_URL: relayUrl };
  if (engine === 'postgres') env.DATABASE_URL = await createBenchDatabase();
  else delete env.DATABASE_URL;
  // At catalog scale every search must reach the database: that is what is being measured.
  if (products) env.PLEDGE_MICRO_CACHE_MS = '0';
  const server = await Server.start(env);
  try {
    if (products) {
      const s = await runScale(engine, server);
      lines.push(
        `## Search at ${s.products.toLocaleString('en')} products — ${engine}`,
        '',
        '| measure | value |',
        '|---|---|',
        `| load time (insert products + variants, indexes maintained) | ${(s.loadMs / 1000).toFixed(1)} s |`,
        `| search index rebuild (REINDEX of full-text and trigram indexes) | ${s.reindexMs === null ? 'n/a (embedded)' : `${(s.reindexMs / 1000).toFixed(1)} s`} |`,
        ...s.runs.map(
          (r) =>
            `| ${r.clients === 1 ? 'one client at a time' : `${r.clients} concurrent clients`}: searches/s (with results), p50 / p95 / p99 | ${fmt(r.perSecond)} (${r.withResults} of ${r.searches}), ${fmt(r.p50)} / ${fmt(r.p95)} / ${fmt(r.p99)} ms |`,
        ),
        `| peak RSS of the server | ${server.peakRssMb()} MB |`,
        '',
      );
    } else {
      const { rows, checkout } = await runLoad(engine, server);
      const relayed = Server.next(relay, 'count', 10_000);
      relay.send({ type: 'count' });
      checkout.push(
        `${engine}: messages the mail relay (bench/mail-relay.ts, its own process) accepted: ${Number((await relayed).received)}`,
      );
      lines.push(
        `## ${engine}`,
        '',
        '| scenario | conns | req/s | p50 ms | p99 ms | errors | ratio to (a) |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...rows.map(
          (r) =>
            `| ${r.scenario} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.ratio === undefined ? '1' : `${fmt(r.ratio * 100, 2)} %`} |`,
        ),
        '',
        ...rows.filter((r) => r.note).map((r) => `- (f) at ${r.connections} connections: ${r.note}`),
        ...checkout.map((c) => `- ${c}`),
        `- Peak RSS of the server: ${server.peakRssMb()} MB`,
        '',
      );
    }
  } finally {
    await server.stop();
    relay.send({ type: 'stop' });
    if (engine === 'postgres') await dropBenchDatabase();
  }
  // Print what this engine added (the machine header comes with the first).
  process.stdout.write(lines.slice(printed).join('\n') + '\n');
  printed = lines.length;
}

const outDir = path.join(HERE, 'results');
mkdirSync(outDir, { recursive: true });
const file = path.join(
  outDir,
  `${new Date().toISOString().slice(0, 10)}${products ? `-products-${products}` : ''}${engines.length === 1 ? `-${engines[0]}` : ''}.md`,
);
writeFileSync(file, lines.join('\n') + '\n');
process.stdout.write(`\nWritten to ${path.relative(process.cwd(), file)}\n`);
