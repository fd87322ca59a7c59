import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { TestCardProcessor } from '../../src/modules/payments/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import {
  guestCart,
  guestCheckoutBody,
  policyVersion,
  setStock,
  skusInStock,
  stockOf,
} from '../support/shop-api.ts';

const STORE = 'rugs';
let app: TestApp;
let baseUrl: string;

beforeAll(async () => {
  // Fifty shoppers arrive through the loopback proxy, each with an address of their own.
  app = await createTestApp({ env: { PLEDGE_BEHIND_TLS: 'true' } });
  baseUrl = app.origin;
});
afterAll(() => app.close());

describe(`CK-2: no overselling under concurrent checkouts (${ENGINE})`, () => {
  it('CK-2: 50 shoppers check out the last 10 units at once over real HTTP: exactly 10 orders, stock 0, 40 clear "out of stock" answers', async () => {
    const [sku] = await skusInStock(app, STORE, 1);
    const version = await policyVersion(app, STORE);
    // Every cart is filled while there is plenty of stock; then the shelf drops to the last 10.
    const tokens = await Promise.all(Array.from({ length: 50 }, () => guestCart(app, STORE, [[sku!]])));
    await setStock(app, STORE, sku!, 10);
    const charges = (app.payments as TestCardProcessor).listCharges().length;

    const responses = await Promise.all(
      tokens.map(async (token, i) => {
        const res = await fetch(`${baseUrl}/api/stores/${STORE}/checkout`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-cart-token': token,
            'idempotency-key': `oversell-${i}-key`,
            'x-forwarded-for': `10.50.0.${i + 1}`,
          },
          body: JSON.stringify(guestCheckoutBody(version)),
        });
        return {
          status: res.status,
          body: (await res.json()) as { message?: string; order?: { number: string } },
        };
      }),
    );

    const succeeded = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status !== 201);
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.message).toMatch(/out of stock/);
    }
    expect(await stockOf(app, STORE, sku!)).toBe(0);
    const [sold] = await app.inStore(STORE, (ctx) =>
      queryRows<{ units: number; orders: number }>(
        ctx.db,
        sql`select coalesce(sum(quantity), 0)::int as units, count(distinct order_id)::int as orders
            from orders.order_line where sku = ${sku!}`,
      ),
    );
    expect(sold).toEqual({ units: 10, orders: 10 });
    expect((app.payments as TestCardProcessor).listCharges().length - charges).toBe(10);
    expect(new Set(succeeded.map((r) => r.body.order!.number)).size).toBe(10);
  });
});
