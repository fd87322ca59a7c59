import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { TestApp } from './test-app.ts';
import { setStock as setStockLevel, stockLevels } from '../../src/modules/stock/index.ts';
import { variantIdOfSku } from '../../src/modules/catalog/index.ts';
import { PERSONAS, TEST_CARDS } from './personas.ts';

/** A JSON API response as tests read it. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Calls the JSON API in-process (Fastify inject: the full HTTP pipeline without a socket). */
export async function api(
  app: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { headers?: Record<string, string>; body?: unknown; ip?: string } = {},
): Promise<ApiResponse> {
  const res = await app.http.inject({
    method,
    url,
    headers: options.headers,
    // One shopper's address unless told otherwise (the per-address limits apply as in real life).
    remoteAddress: options.ip ?? '127.0.0.1',
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  return { status: res.statusCode, headers: res.headers, body: res.body ? JSON.parse(res.body) : {} };
}

/** SKUs with at least 30 units in stock in a store, in SKU order. */
export async function skusInStock(app: TestApp, store: string, count: number): Promise<string[]> {
  return app.inStore(store, async (ctx) => {
    const rows = await queryRows<{ id: string; sku: string }>(
      ctx.db,
      sql`select id, sku from catalog.variant order by sku`,
    );
    const levels = await stockLevels(
      ctx,
      rows.map((r) => r.id),
    );
    return rows
      .filter((r) => (levels.get(r.id) ?? 0) >= 30)
      .slice(0, count)
      .map((r) => r.sku);
  });
}

/** Stock on hand of a SKU (through the stock module). */
export async function stockOf(app: TestApp, store: string, sku: string): Promise<number> {
  return app.inStore(store, async (ctx) => {
    const id = (await variantIdOfSku(ctx, sku))!;
    return (await stockLevels(ctx, [id])).get(id) ?? 0;
  });
}

/** Sets the stock of a SKU through the stock module (a stocktake), as the merchant would. */
export async function setStock(app: TestApp, store: string, sku: string, stock: number): Promise<void> {
  await app.inStore(store, async (ctx) =>
    setStockLevel(ctx, (await variantIdOfSku(ctx, sku))!, stock, 'stocktake'),
  );
}

let shopper = 0;
/** A client address of its own, for a test that plays many shoppers (each within the per-address limits). */
export const anotherShopper = () => `10.77.${Math.floor(++shopper / 250) % 250}.${(shopper % 250) + 1}`;

/** A new guest cart holding the given SKUs (one unit each unless told). Returns its token. */
export async function guestCart(
  app: TestApp,
  store: string,
  lines: [sku: string, quantity?: number][],
): Promise<string> {
  const created = await api(app, 'POST', `/api/stores/${store}/carts`);
  if (created.status !== 201) throw new Error(`cart: ${created.status} ${JSON.stringify(created.body)}`);
  const token = created.body.cartToken as string;
  for (const [sku, quantity = 1] of lines) {
    const added = await api(app, 'POST', `/api/stores/${store}/cart/lines`, {
      headers: { 'x-cart-token': token },
      body: { sku, quantity },
    });
    if (added.status !== 200) throw new Error(`add ${sku}: ${added.status} ${JSON.stringify(added.body)}`);
    // The answer to a change must be the cart exactly as a fresh read shows it.
    const read = await api(app, 'GET', `/api/stores/${store}/cart`, { headers: { 'x-cart-token': token } });
    if (JSON.stringify(read.body) !== JSON.stringify(added.body))
      throw new Error(`cart answer after adding ${sku} differs from a fresh read`);
  }
  return token;
}

/** The current privacy-policy version of a store (what checkout must accept). */
export async function policyVersion(app: TestApp, store: string): Promise<string> {
  return (await api(app, 'GET', `/api/stores/${store}/checkout/terms`)).body.privacyPolicyVersion as string;
}

/** What POST /checkout takes. */
export interface CheckoutBody {
  email: string;
  shippingAddress: Record<string, string>;
  acceptPrivacyPolicyVersion: string;
  payment: { card: { number: string; expMonth: number; expYear: number; cvc: string } };
}

/** A checkout body for the guest persona, paying with the given card. */
export function guestCheckoutBody(version: string, card: string = TEST_CARDS.approved): CheckoutBody {
  const { email, countryCode, ...address } = PERSONAS.guest;
  const { recipientName, line1, line2, city, region, postalCode, phone } = address;
  return {
    email,
    shippingAddress: { recipientName, line1, line2, city, region, postalCode, countryCode, phone },
    acceptPrivacyPolicyVersion: version,
    payment: { card: { number: card, expMonth: 12, expYear: 2030, cvc: '123' } },
  };
}
