import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCardProcessor } from '../../src/modules/payments/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { TEST_CARDS } from '../support/personas.ts';
import { guestCart, guestCheckoutBody, policyVersion, skusInStock } from '../support/shop-api.ts';

const STORE = 'fragrance';
let app: TestApp;
let version: string;
let sku: string;
let key = 0;
const processor = () => app.payments as TestCardProcessor;

beforeAll(async () => {
  app = await createTestApp();
  version = await policyVersion(app, STORE);
  sku = (await skusInStock(app, STORE, 1))[0]!;
});
afterAll(() => app.close());

const pay = (token: string, card: string, ip: string) =>
  app.http.inject({
    method: 'POST',
    url: `/api/stores/${STORE}/checkout`,
    remoteAddress: ip,
    headers: { 'x-cart-token': token, 'idempotency-key': `card-testing-${++key}-${Date.now()}` },
    payload: guestCheckoutBody(version, card),
  });

describe(`SEC-4: card testing is throttled on every checkout path (${ENGINE})`, () => {
  it('SEC-4: after 5 declines one cart answers 429 and never reaches the payment provider, even with a good card', async () => {
    const token = await guestCart(app, STORE, [[sku, 1]]);
    for (let i = 0; i < 5; i++)
      expect((await pay(token, TEST_CARDS.declined, '198.51.100.10')).statusCode).toBe(402);
    const attempts = processor().listCharges().length;
    const blocked = await pay(token, TEST_CARDS.approved, '198.51.100.11');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().message).toMatch(/too many declined payments/);
    expect(processor().listCharges().length).toBe(attempts);
  });

  it('SEC-4: after 10 declines one client address answers 429 for any new cart', async () => {
    const ip = '198.51.100.20';
    for (let i = 0; i < 10; i++) {
      const token = await guestCart(app, STORE, [[sku, 1]]);
      expect((await pay(token, TEST_CARDS.declined, ip)).statusCode).toBe(402);
    }
    const fresh = await guestCart(app, STORE, [[sku, 1]]);
    expect((await pay(fresh, TEST_CARDS.approved, ip)).statusCode).toBe(429);
    // Another shopper elsewhere is not affected.
    expect((await pay(fresh, TEST_CARDS.approved, '198.51.100.21')).statusCode).toBe(201);
  });

  it('SEC-4: the page checkout counts declines the same way', async () => {
    const ip = '198.51.100.30';
    const token = await guestCart(app, STORE, [[sku, 1]]);
    const cookies = { pledge_cart: token };
    const page = await app.http.inject({ method: 'GET', url: `/s/${STORE}/checkout`, cookies });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const idem = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = [page.headers['set-cookie']]
      .flat()
      .map((c) => String(c).split(';')[0])
      .concat(`pledge_cart=${token}`)
      .join('; ');
    const body = guestCheckoutBody(version, TEST_CARDS.declined);
    const submit = (card: string) =>
      app.http.inject({
        method: 'POST',
        url: `/s/${STORE}/checkout`,
        remoteAddress: ip,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: csrf,
          idempotencyKey: idem,
          email: body.email,
          ...body.shippingAddress,
          cardNumber: card,
          cardExpiry: '12/30',
          cardCvc: '123',
          consent: version,
        }).toString(),
      });
    for (let i = 0; i < 5; i++) expect((await submit(TEST_CARDS.declined)).statusCode).toBe(402);
    const blocked = await submit(TEST_CARDS.approved);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('too many declined payments');
  });
});
