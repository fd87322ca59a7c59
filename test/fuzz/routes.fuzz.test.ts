import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { routesOf, type RouteInfo } from '../../src/platform/http/server.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { guestCart, skusInStock } from '../support/shop-api.ts';
import { makeMember } from '../support/factories.ts';

/**
 * Every route — the JSON API of the OpenAPI document and the HTML pages and forms — receives
 * random and hostile values: huge and negative numbers, NUL and other control characters, invalid
 * UTF-8, lone surrogates, long strings, wrong types, missing and extra fields. It must never answer
 * 5xx, never write a request value to the log, and never leave a partial write behind.
 *
 * CI runs a fixed seed within a time budget; `FUZZ_RUNS=500 FUZZ_SECONDS=600 npx vitest run
 * test/fuzz` runs longer, and `FUZZ_SEED=<n>` replays a failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);

// Every generated string may carry a marker; the logs must never contain one.
let markerCount = 0;
const marker = () => `FZ${++markerCount}ZF`;
const MARKER = /FZ\d+ZF/;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }), // lone surrogates included
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007\u001b[31m',
    '\u0085\u2028',
    '\ud800',
    '\udfff tail',
    "' or 1=1 --",
    '"; drop table catalog.product; --',
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    '😀'.repeat(50),
    '0'.repeat(400),
    '9'.repeat(40),
    '-1',
    '1e308',
    'NaN',
    'Infinity',
    '',
    ' ',
  ),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);
/** Text a schema without a pattern accepts but a database or a log must not take as it is. */
const controlText = fc.constantFrom('a\u0000b', '\u0000', 'x\u001by', 'tab\there', '\ud800', 'end\u009f');
const markedString = fc.tuple(hostileString, fc.boolean()).map(([s, mark]) => (mark ? `${s}${marker()}` : s));
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    0,
    -1,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 53,
    2 ** 63,
    -(2 ** 63),
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
  ),
);
/** Numbers as a query string or form carries them, including the ones that coerce to Infinity. */
const numberText = fc.constantFrom(
  '1e400',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e-400',
  '0x10',
  '9'.repeat(30),
  '1.5',
  ' 7 ',
);
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.array(markedString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), markedString, { maxKeys: 3 }),
);

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

/**
 * A value that passes the schema (so the request reaches the use case) but is as hostile as the
 * schema allows: the longest strings, odd Unicode, the extreme numbers of the allowed range.
 */
function conformingValue(
  schema: Schema | undefined,
  known: Record<string, string[]>,
  name: string,
): fc.Arbitrary<unknown> {
  // Mostly a known good value; sometimes text the schema allows but nothing downstream should take.
  if (known[name] && !schema?.pattern)
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...known[name]) },
      { weight: 1, arbitrary: controlText },
    );
  if (known[name]) return fc.constantFrom(...known[name]);
  if (schema?.anyOf?.length) return fc.oneof(...schema.anyOf.map((s) => conformingValue(s, known, name)));
  const max = (schema?.maxLength as number | undefined) ?? 200;
  const min = (schema?.minLength as number | undefined) ?? 0;
  switch (schema?.type) {
    case 'integer': {
      const lo = schema.minimum ?? -(2 ** 31);
      const hi = schema.maximum ?? 2 ** 31;
      return fc.oneof(
        fc.constantFrom(lo, hi),
        fc.constantFrom('1e400', 'Infinity'), // what Ajv coerces to a number "within" any range
        fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) }),
      );
    }
    case 'number':
      return fc.double({ noNaN: true, min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 });
    case 'boolean':
      return fc.boolean();
    case 'object':
      return conformingObject(schema, known);
    case 'array':
      return fc.array(conformingValue(schema.items as Schema, known, name), { maxLength: 4 });
    case undefined:
    default:
      if (schema?.pattern)
        return fc.stringMatching(new RegExp(schema.pattern)).filter((v) => v.length <= max);
      return fc
        .oneof(
          fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 60) }),
          fc.constant('x'.repeat(max)),
          fc.constantFrom('😀'.repeat(Math.floor(max / 2)), "' or 1=1 --", '<b>hi</b>', 'ß'.repeat(max)),
          controlText,
        )
        .map((v) => v.slice(0, max).padEnd(min, 'a') + (max - v.length > 8 ? marker() : ''));
  }
}

function conformingObject(
  schema: Schema | undefined,
  known: Record<string, string[]>,
): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema?.properties ?? {});
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return fc
    .tuple(
      ...props.map(([name, s]) =>
        required.has(name)
          ? conformingValue(s, known, name)
          : fc.option(conformingValue(s, known, name), { nil: undefined }),
      ),
    )
    .map((values) => {
      const out: Record<string, unknown> = {};
      props.forEach(([name], i) => {
        if (values[i] !== undefined) out[name] = values[i];
      });
      return out;
    });
}

/** A value for a schema: mostly one of its own kind (to get past validation), often a hostile one. */
function valueFor(
  schema: Schema | undefined,
  known: Record<string, string[]>,
  name: string,
): fc.Arbitrary<unknown> {
  const plausible: fc.Arbitrary<unknown>[] = [];
  // A known good value (a real store, SKU, cart token) gets a request past validation, deep into
  // the use case, where hostile values in the other fields then land.
  if (known[name])
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...known[name]) },
      { weight: 1, arbitrary: markedString },
      { weight: 1, arbitrary: wrongType },
    );
  if (schema?.anyOf?.length) plausible.push(fc.oneof(...schema.anyOf.map((s) => valueFor(s, known, name))));
  switch (schema?.type) {
    case 'integer':
      plausible.push(fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1000, 1000) }));
      plausible.push(hostileNumber, numberText);
      break;
    case 'number':
      plausible.push(fc.double({ noNaN: true }), hostileNumber);
      break;
    case 'boolean':
      plausible.push(fc.boolean());
      break;
    case 'object':
      plausible.push(objectFor(schema, known));
      break;
    case 'array':
      plausible.push(fc.array(valueFor(schema.items as Schema, known, name), { maxLength: 4 }));
      break;
    case undefined:
    default:
      plausible.push(markedString);
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...plausible) },
    { weight: 2, arbitrary: markedString },
    { weight: 1, arbitrary: hostileNumber },
    { weight: 1, arbitrary: wrongType },
  );
}

function objectFor(
  schema: Schema | undefined,
  known: Record<string, string[]>,
): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema?.properties ?? {});
  return fc
    .tuple(
      fc.tuple(...props.map(([name, s]) => fc.option(valueFor(s, known, name), { nil: undefined, freq: 6 }))),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), markedString, { maxKeys: 2 }),
    )
    .map(([values, extra]) => {
      const out: Record<string, unknown> = { ...extra };
      props.forEach(([name], i) => {
        if (values[i] !== undefined) out[name] = values[i];
      });
      return out;
    });
}

/** Percent-encodes the UTF-8 bytes of a text (lone surrogates become U+FFFD, as browsers send them). */
const pct = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** Undefined seven times in eight, otherwise a value of `arb`. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const asText = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value ?? '');

interface FuzzRequest {
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Requests for one route: params, query, headers and body from its schema, hostile values mixed in. */
function requestsFor(
  route: RouteInfo,
  known: Record<string, string[]>,
  form: { cookie: string; csrf: string },
) {
  const schema = (route.schema ?? {}) as Record<string, Schema>;
  const paramNames = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const isForm = route.hidden && route.method !== 'GET';
  // Half the requests follow the schema to the letter (and reach the use case); half break it.
  const part = (s: Schema | undefined, conforming: boolean) =>
    conforming ? conformingObject(s, known) : objectFor(s, known);
  return fc.boolean().chain((conforming) =>
    fc
      .record({
        params: fc.tuple(
          ...paramNames.map((n) =>
            (conforming ? conformingValue : valueFor)(schema.params?.properties?.[n], known, n),
          ),
        ),
        // Sometimes a path segment that is not UTF-8 at all.
        badBytes: conforming
          ? fc.constant(undefined)
          : rarely(fc.constantFrom('%FF', '%C0%AF', '%ED%A0%80', '%E2%82')),
        query: part(schema.querystring, conforming),
        headers: part(schema.headers, conforming),
        body: route.method === 'GET' ? fc.constant(undefined) : part(schema.body, conforming),
        rawBody: conforming ? fc.constant(undefined) : rarely(fc.uint8Array({ maxLength: 64 })),
        ip: fc.ipV4(),
      })
      .map(({ params, badBytes, query, headers, body, rawBody, ip }): FuzzRequest & { ip: string } => {
        let path = route.url.replace(/\*$/, 'x');
        paramNames.forEach((n, i) => {
          path = path.replace(`:${n}`, (i === 0 && badBytes) || pct(asText(params[i])));
        });
        const qs = Object.entries(query)
          .map(([k, v]) => `${pct(k)}=${pct(asText(v))}`)
          .join('&');
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(headers)) {
          // Header values cannot carry line breaks over HTTP at all; other control characters can.
          const text = asText(v).replace(/[\r\n]/g, '');
          if (/^[a-z0-9-]+$/i.test(k) && text.length < 8000) h[k] = text;
        }
        let payload: string | Buffer | undefined;
        if (body !== undefined) {
          if (isForm) {
            const fields = new URLSearchParams({ _csrf: form.csrf });
            for (const [k, v] of Object.entries(body)) fields.append(k, asText(v));
            payload = rawBody
              ? Buffer.concat([Buffer.from(fields.toString() + '&x='), rawBody])
              : fields.toString();
            h['content-type'] = 'application/x-www-form-urlencoded';
            h.cookie = form.cookie;
          } else {
            payload = rawBody
              ? Buffer.concat([Buffer.from('{"a":"'), rawBody, Buffer.from('"}')])
              : JSON.stringify(body);
            h['content-type'] = 'application/json';
          }
        }
        return {
          url: qs ? `${path}?${qs}` : path,
          headers: h,
          ip,
          ...(payload !== undefined ? { payload } : {}),
        };
      }),
  );
}

let app: TestApp;
let known: Record<string, string[]>;
let form: { cookie: string; csrf: string };

let refreshes = 0;

/** A live member session and guest cart (a fuzzed log-out or checkout may have used up the last ones). */
async function freshCredentials() {
  const session = await app.http.inject({
    method: 'POST',
    url: '/api/stores/skincare/sessions',
    remoteAddress: `10.9.${++refreshes % 250}.1`, // each refresh from its own address: no rate limit
    payload: { email: 'fuzz.member@example.org', password: 'fuzzing along 123' },
  });
  const token = (JSON.parse(session.body) as { sessionToken?: string }).sessionToken;
  if (!token) throw new Error(`the fuzz member could not log in: ${session.statusCode}`);
  known.authorization = [`Bearer ${token}`];
  known['x-cart-token'] = [await guestCart(app, 'skincare', [[known.sku![0]!, 1]])];
}

beforeAll(async () => {
  app = await createTestApp();
  const skus = await skusInStock(app, 'skincare', 3);
  const variants = await app.inStore('skincare', (ctx) =>
    queryRows<{ id: string; slug: string }>(
      ctx.db,
      sql`select v.id, p.slug from catalog.variant v join catalog.product p on p.id = v.product_id limit 3`,
    ),
  );
  await makeMember(app, 'skincare', {
    nickname: 'Fuzz',
    email: 'fuzz.member@example.org',
    password: 'fuzzing along 123',
  });
  known = {
    store: ['skincare', 'skincare', 'fragrance', 'rugs'],
    sku: skus,
    variantId: variants.map((v) => v.id),
    product: variants.map((v) => v.slug),
    slug: variants.map((v) => v.slug),
    'idempotency-key': ['fuzz-key-000001', 'fuzz-key-000002'],
  };
  await freshCredentials();
  const page = await app.http.inject({ method: 'GET', url: '/s/skincare/account/login' });
  form = {
    csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
    cookie: [page.headers['set-cookie']]
      .flat()
      .map((c) => String(c).split(';')[0])
      .join('; '),
  };
});
afterAll(() => app.close());

describe(`SEC-4, SEC-7: every route survives hostile input (${ENGINE}, seed ${SEED})`, () => {
  it('SEC-7: no route answers 5xx, whatever it is sent', async () => {
    const routes = routesOf(app.http).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');

    expect(routes.length).toBeGreaterThan(40);
    const deadline = Date.now() + SECONDS * 1000;
    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const [index, route] of routes.entries()) {
      const budget = Math.max(1000, (deadline - Date.now()) / (routes.length - index));
      await freshCredentials();
      await fc.assert(
        fc.asyncProperty(fc.noBias(requestsFor(route, known, form)), async (req) => {
          const res = await app.http.inject({
            method: route.method as 'GET',
            url: req.url,
            headers: req.headers,
            remoteAddress: req.ip,
            ...(req.payload !== undefined ? { payload: req.payload } : {}),
          });
          sent++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 500)
            failures.push(`${route.method} ${req.url.slice(0, 200)} → ${res.statusCode}`);
        }),
        { seed: SEED + index, numRuns: RUNS, interruptAfterTimeLimit: budget, markInterruptAsFailure: false },
      );
    }
    await app.background.settled();
    console.log(
      `fuzz: ${sent} requests to ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(routes.length);
  });

  it('SH-4: no request value reached a log line', async () => {
    await app.flushActivity().catch(() => undefined);
    expect(markerCount).toBeGreaterThan(0);
    expect(app.logs.text).not.toMatch(MARKER);
  });

  it('CK-2: nothing was half written: every order is whole, no stock is negative, no cart line is orphaned', async () => {
    for (const store of ['skincare', 'fragrance', 'rugs']) {
      const [broken] = await app.inStore(store, (ctx) =>
        queryRows<Record<string, number>>(
          ctx.db,
          sql`select
            (select count(*)::int from orders.order o where not exists (select 1 from orders.order_line l where l.order_id = o.id)) as orders_without_lines,
            (select count(*)::int from orders.order o where not exists (select 1 from orders.shipping_address a where a.order_id = o.id)) as orders_without_address,
            (select count(*)::int from orders.order o where o.status = 'paid' and not exists (select 1 from payments.ledger_entry e where e.order_id = o.id and e.kind = 'charge')) as paid_without_charge,
            (select count(*)::int from stock.level where on_hand < 0) as negative_stock,
            (select count(*)::int from (select l.variant_id from stock.level l left join stock.movement m on m.variant_id = l.variant_id group by l.variant_id, l.on_hand having l.on_hand <> coalesce(sum(m.quantity), 0)) d) as stock_drift,
            (select count(*)::int from cart.cart_line l where not exists (select 1 from cart.cart c where c.id = l.cart_id)) as orphan_lines`,
        ),
      );
      expect(broken).toEqual({
        orders_without_lines: 0,
        orders_without_address: 0,
        paid_without_charge: 0,
        negative_stock: 0,
        stock_drift: 0,
        orphan_lines: 0,
      });
    }
  });
});
