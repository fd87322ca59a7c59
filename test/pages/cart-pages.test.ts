import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const HOST = 'localhost:3000';
const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  app.http.inject({
    method: 'POST',
    url,
    headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
const get = (url: string, cookie = '') =>
  app.http.inject({ method: 'GET', url, headers: { host: HOST, cookie } });
const cookieFrom = (res: { headers: Record<string, unknown> }, name: string) =>
  [res.headers['set-cookie']].flat().find((c) => typeof c === 'string' && c.startsWith(`${name}=`)) as
    string | undefined;

describe(`SF-5: cart pages with same-origin-protected forms (${ENGINE})`, () => {
  it('SF-5: the product page offers "Add to cart"; adding creates a cart cookie and shows totals', async () => {
    const product = await get('/s/fragrance/p/odyssey-mandarin-sky?variant=FRA-0007-2');
    expect(product.body).toMatch(
      /<form class="add-to-cart" method="post" action="\/s\/fragrance\/cart\/add">/,
    );
    expect(product.body).toContain('name="sku" value="FRA-0007-2"');
    expect(product.headers['set-cookie']).toBeUndefined(); // browsing stays cookie-free

    const added = await post(
      '/s/fragrance/cart/add',
      { sku: 'FRA-0007-2', quantity: '2' },
      { origin: `http://${HOST}` },
    );
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/s/fragrance/cart?added=FRA-0007-2');
    const cartCookie = cookieFrom(added, 'pledge_cart')!;
    expect(cartCookie).toMatch(/HttpOnly/);
    expect(cartCookie).toMatch(/SameSite=Lax/);
    const cookie = cartCookie.split(';')[0]!;

    // The cart says what was added, offers to go on shopping, and each line can be removed.
    const confirmed = await get(added.headers.location as string, cookie);
    expect(confirmed.body).toMatch(/role="status">Added Odyssey Mandarin Sky \(100 ml\) to your cart\./);
    expect(confirmed.body).toContain('Continue shopping');
    expect(confirmed.body).toContain('aria-label="Remove Odyssey Mandarin Sky"');
    expect(confirmed.body).toContain('max="20"'); // the cart's one quantity limit
    const cart = await get('/s/fragrance/cart', cookie);
    expect(cart.statusCode).toBe(200);
    expect(cart.body).not.toContain('role="status"');
    expect(cart.body).toContain('Odyssey Mandarin Sky');
    expect(cart.body).toContain('100 ml');
    expect(cart.body).toMatch(/<dt>Shipping<\/dt><dd>Free<\/dd>/);
    expect(cart.body).toContain('You save');

    // Adding again reuses the same cart; setting 0 removes the line.
    const again = await post(
      '/s/fragrance/cart/add',
      { sku: 'FRA-0007-2', quantity: '1' },
      { origin: `http://${HOST}`, cookie },
    );
    expect(cookieFrom(again, 'pledge_cart')).toBeUndefined();
    expect((await get('/s/fragrance/cart', cookie)).body).toContain('value="3"');
    await post(
      '/s/fragrance/cart/update',
      { sku: 'FRA-0007-2', quantity: '0' },
      { referer: `http://${HOST}/s/fragrance/cart`, cookie },
    );
    expect((await get('/s/fragrance/cart', cookie)).body).toContain('Your cart is empty');
  });

  it('SF-5: a form posted from another site, or with no origin at all, is refused and changes nothing', async () => {
    const forged = await post(
      '/s/fragrance/cart/add',
      { sku: 'FRA-0007-2', quantity: '1' },
      { origin: 'https://evil.example' },
    );
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('cross-site request refused');
    expect(cookieFrom(forged, 'pledge_cart')).toBeUndefined();
    const bare = await post('/s/fragrance/cart/add', { sku: 'FRA-0007-2', quantity: '1' });
    expect(bare.statusCode).toBe(403);
  });

  it('SF-5: too many units, an unknown SKU or a bad quantity answer precise 4xx pages', async () => {
    const origin = { origin: `http://${HOST}` };
    const tooMany = await post('/s/fragrance/cart/add', { sku: 'FRA-0007-2', quantity: '21' }, origin);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('body/quantity must be &lt;= 20');
    const unknown = await post('/s/fragrance/cart/add', { sku: 'NOPE-1', quantity: '1' }, origin);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain("product 'NOPE-1' was not found");
  });

  it('SF-5: the cart of one store is empty in another (cookie and data are per store)', async () => {
    const added = await post(
      '/s/rugs/cart/add',
      { sku: 'RUG-0001-1', quantity: '1' },
      { origin: `http://${HOST}` },
    );
    const cookie = cookieFrom(added, 'pledge_cart')!;
    expect(cookie).toMatch(/Path=\/s\/rugs/);
    expect((await get('/s/skincare/cart', cookie.split(';')[0])).body).toContain('Your cart is empty');
  });
});
