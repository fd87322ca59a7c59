import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { api, guestCart, skusInStock } from '../support/shop-api.ts';

let app: TestApp;
let token: string;
let sku: string;
beforeAll(async () => {
  app = await createTestApp();
  sku = (await skusInStock(app, 'skincare', 1))[0]!;
  token = await guestCart(app, 'skincare', [[sku, 1]]);
});
afterAll(() => app.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  app.http.inject({ method: 'GET', url, headers });

describe(`SEC-4: control characters and broken text are refused at the edge with a clear 400 (${ENGINE})`, () => {
  it('SEC-4: a NUL in a search (API and page) is a 400 naming the field, not a stored keyword', async () => {
    const apiAnswer = await get('/api/stores/skincare/search?q=serum%00');
    expect(apiAnswer.statusCode).toBe(400);
    expect(apiAnswer.json()).toEqual({
      error: 'invalid',
      message: "query field 'q' contains a control character; remove it and send again",
    });
    const page = await get('/s/skincare/search?q=%00');
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('SEC-4: a NUL in a SKU or a variant id (API) is a 400, not a 500', async () => {
    const bySku = await api(app, 'POST', '/api/stores/skincare/cart/lines', {
      headers: { 'x-cart-token': token },
      body: { sku: `${sku}\u0000`, quantity: 1 },
    });
    expect(bySku.status).toBe(400);
    expect(bySku.body.message).toMatch(/body field 'sku' contains a control character/);
    const byVariant = await api(app, 'PUT', '/api/stores/skincare/cart/lines/var_1%00', {
      headers: { 'x-cart-token': token },
      body: { quantity: 1 },
    });
    expect(byVariant.status).toBe(400);
    expect(byVariant.body.message).toMatch(/path field 'variantId' contains a control character/);
  });

  it('SEC-4: a NUL in a form field (add to cart) is a 400 page', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/s/skincare/cart/add',
      headers: {
        host: 'localhost',
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `sku=${encodeURIComponent(sku)}%00&quantity=1`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('SEC-4: line breaks in multi-line body text are fine; other control characters in headers are not', async () => {
    const header = await get('/api/stores/skincare/cart', { 'x-cart-token': `${token}\u0001` });
    expect(header.statusCode).toBe(400);
    expect(header.json().message).toMatch(/header field 'x-cart-token' contains a control character/);
  });

  it('SEC-4: invalid UTF-8 in the path and lone surrogates in JSON are 400s that echo nothing', async () => {
    const path = await get('/api/stores/%FF%FE/products');
    expect(path.statusCode).toBe(400);
    expect(path.json()).toEqual({
      error: 'invalid',
      message: 'the address is not valid: it has a broken %-encoding or is not UTF-8 text',
    });
    const surrogate = await app.http.inject({
      method: 'POST',
      url: '/api/stores/skincare/cart/lines',
      headers: { 'x-cart-token': token, 'content-type': 'application/json' },
      payload: '{"sku":"\\ud800","quantity":1}',
    });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().message).toMatch(/body field 'sku' is not valid Unicode text/);
    const media = await app.http.inject({
      method: 'POST',
      url: '/api/stores/skincare/carts',
      headers: { 'content-type': 'text/evil-FZ1ZF' },
      payload: 'x',
    });
    expect(media.statusCode).toBe(415);
    expect(media.body).not.toContain('FZ1ZF');
  });

  it('SEC-4: numbers beyond their real range are 400s', async () => {
    for (const url of [
      '/api/stores/skincare/products?page=99999999999',
      '/api/stores/skincare/products?limit=-1',
      '/api/stores/skincare/search?q=serum&page=9007199254740993',
      '/s/skincare/search?q=serum&page=1e400',
    ])
      expect((await get(url)).statusCode, url).toBe(400);
    const quantity = await api(app, 'POST', '/api/stores/skincare/cart/lines', {
      headers: { 'x-cart-token': token },
      body: { sku, quantity: 2 ** 63 },
    });
    expect(quantity.status).toBe(400);
  });

  it('SH-4: none of it reached the logs, not even the paths', () => {
    expect(app.logs.text).not.toContain('serum');
    expect(app.logs.text).not.toContain(sku);
    expect(app.logs.text).not.toContain('%FF');
  });
});
