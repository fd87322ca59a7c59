/**
 * Lists every SQL statement one guest checkout flow sends (create a cart, add two lines, check
 * out), grouped by request: the round trips behind the checkout figure of `npm run bench`.
 * Usage: DATABASE_URL=postgres://…@127.0.0.1:5432/… npx tsx bench/count-statements.ts (a new, empty
 * database: it seeds the demo stores; writes are counted on TCP port 5432)
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { generateKeyring } from '../src/modules/privacy/index.ts';

const seen: string[] = [];
let counting = false;
const submit = (pg as unknown as { Query: { prototype: { submit: (c: unknown) => unknown } } }).Query
  .prototype.submit;
(pg as unknown as { Query: { prototype: { submit: unknown } } }).Query.prototype.submit = function (
  this: { text: string },
  c: unknown,
) {
  if (counting && !this.text.includes('pgboss.')) seen.push(this.text.replace(/\s+/g, ' ').slice(0, 2000));
  return submit.call(this, c);
};
// Round trips: writes that reach the database's socket (corked statements leave in one write).
let writes = 0;
const proto = net.Socket.prototype as unknown as Record<
  '_write' | '_writev',
  (...args: unknown[]) => unknown
>;
for (const method of ['_write', '_writev'] as const) {
  const original = proto[method];
  proto[method] = function (this: net.Socket, ...args: unknown[]) {
    if (counting && this.remotePort === 5432) {
      writes++;
      seen.push(`    (write ${writes})`);
    }
    return original.apply(this, args);
  };
}
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pledge-count-'));
const config = {
  ...loadConfig({ ...process.env, PLEDGE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PLEDGE_EMULATORS: 'true' }),
  seedDemo: true,
};
const app = await createApp(config, { keyring: generateKeyring('mk-count') });
await app.http.listen({ port: 0, host: '127.0.0.1' });
const STORE = 'skincare';
const list = (await app.http.inject({ url: `/api/stores/${STORE}/products?limit=5` })).json<{
  items: { slug: string }[];
}>();
const skuOf = async (i: number) => {
  const p = (await app.http.inject({ url: `/api/stores/${STORE}/products/${list.items[i]!.slug}` })).json<{
    variants: { sku: string }[];
  }>();
  return p.variants[0]!.sku;
};
const skus = [await skuOf(0), await skuOf(1)];
const sku = (i: number) => skus[i]!;
const terms = (await app.http.inject({ url: `/api/stores/${STORE}/checkout/terms` })).json<{
  privacyPolicyVersion: string;
}>();
async function flow(n: number) {
  const ip = `10.9.0.${n}`;
  const mark = (label: string) => seen.push(`--- ${label}`);
  mark('cart');
  const cart = await app.http.inject({
    method: 'POST',
    url: `/api/stores/${STORE}/carts`,
    payload: {},
    headers: { 'x-forwarded-for': ip },
  });
  const token = cart.json<{ cartToken: string }>().cartToken;
  for (const i of [0, 1]) {
    mark(`line ${i}`);
    const r = await app.http.inject({
      method: 'POST',
      url: `/api/stores/${STORE}/cart/lines`,
      payload: { sku: sku(i), quantity: 1 },
      headers: { 'x-cart-token': token, 'x-forwarded-for': ip },
    });
    if (r.statusCode >= 300) console.log(r.body);
  }
  mark('checkout');
  const v = terms.privacyPolicyVersion;
  const r = await app.http.inject({
    method: 'POST',
    url: `/api/stores/${STORE}/checkout`,
    headers: {
      'x-cart-token': token,
      'x-forwarded-for': ip,
      'idempotency-key': `count-key-${n}-${Date.now()}`,
    },
    payload: {
      email: 'count@example.com',
      shippingAddress: {
        recipientName: 'Count Shopper',
        line1: '1 Load Street',
        city: 'Testville',
        postalCode: '12345',
        countryCode: 'DE',
      },
      acceptPrivacyPolicyVersion: v,
      payment: { card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } },
    },
  });
  if (r.statusCode !== 201) console.log(r.statusCode, r.body);
  mark('after (sweepers, 1.5 s)');
  await new Promise((res) => setTimeout(res, 1500));
}
await flow(1); // warm-up
seen.length = 0;
counting = true;
await flow(2);
counting = false;
// Writes after the last statement's own are the sweepers' and the job queue's polling.
const lastStatement = seen.findLastIndex((s) => !s.startsWith('---') && !s.startsWith('    (write'));
const flowEnd = seen.findIndex((s, i) => i > lastStatement && s.startsWith('    (write'));
let n = 0;
let flowWrites = 0;
for (const s of seen.slice(0, flowEnd + 1)) {
  if (s.startsWith('---')) console.log(s);
  else if (s.startsWith('    (write')) {
    flowWrites++;
    console.log(s);
  } else console.log(`${++n}. ${s}`);
}
console.log(`${n} statements in ${flowWrites} writes to the database (round trips)`);
await app.close?.();
process.exit(0);
