import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { TestCardProcessor } from '../../src/modules/payments/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { api, guestCart, guestCheckoutBody, policyVersion, skusInStock } from '../support/shop-api.ts';

const STORE = 'rugs';
let app: TestApp;
let version: string;
let skus: string[];
const processor = () => app.payments as TestCardProcessor;
const ordersCount = async () =>
  (
    await app.inStore(STORE, (ctx) =>
      queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from orders.order`),
    )
  )[0]!.n;

beforeAll(async () => {
  app = await createTestApp();
  version = await policyVersion(app, STORE);
  skus = await skusInStock(app, STORE, 2);
});
afterAll(() => app.close());

describe(`CK-2: one cart becomes at most one order, whatever the Idempotency-Keys (${ENGINE})`, () => {
  it('CK-2: eight simultaneous submissions of one cart with eight different keys make one order and one charge', async () => {
    const token = await guestCart(app, STORE, [[skus[0]!, 1]]);
    const chargesBefore = processor().listCharges().length;
    const ordersBefore = await ordersCount();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api(app, 'POST', `/api/stores/${STORE}/checkout`, {
          headers: { 'x-cart-token': token, 'idempotency-key': `two-tabs-key-${i}-${Date.now()}` },
          body: guestCheckoutBody(version),
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const numbers = new Set(answers.map((a) => a.body.order.number as string));
    expect(numbers.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    expect(processor().listCharges().length - chargesBefore).toBe(1);
    expect((await ordersCount()) - ordersBefore).toBe(1);
  });

  it('CK-2: a second tab submitting the same cart later gets the first order back, not a second charge', async () => {
    const token = await guestCart(app, STORE, [[skus[1]!, 1]]);
    const first = await api(app, 'POST', `/api/stores/${STORE}/checkout`, {
      headers: { 'x-cart-token': token, 'idempotency-key': `tab-one-${Date.now()}` },
      body: guestCheckoutBody(version),
    });
    const charges = processor().listCharges().length;
    const second = await api(app, 'POST', `/api/stores/${STORE}/checkout`, {
      headers: { 'x-cart-token': token, 'idempotency-key': `tab-two-${Date.now()}` },
      body: guestCheckoutBody(version),
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.order.number).toBe(first.body.order.number);
    expect(processor().listCharges().length).toBe(charges);
  });

  it('CK-2: another shopper’s empty cart is not answered with someone else’s order', async () => {
    const other = (await api(app, 'POST', `/api/stores/${STORE}/carts`)).body.cartToken as string;
    const res = await api(app, 'POST', `/api/stores/${STORE}/checkout`, {
      headers: { 'x-cart-token': other, 'idempotency-key': `empty-cart-${Date.now()}` },
      body: guestCheckoutBody(version),
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/your cart is empty/);
  });
});
