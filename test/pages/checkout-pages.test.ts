import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import { changeOrderStatus } from '#modules/orders';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const HOST = 'localhost:3000';
const ORIGIN = `http://${HOST}`;
type Res = { headers: Record<string, unknown>; body: string; statusCode: number };
const cookiesOf = (res: Res) =>
  [res.headers['set-cookie']]
    .flat()
    .filter((c): c is string => typeof c === 'string')
    .map((c) => c.split(';')[0]!);
const get = (url: string, cookie = '') =>
  app.http.inject({ method: 'GET', url, headers: { host: HOST, cookie } });
const post = (url: string, form: Record<string, string>, cookie = '') =>
  app.http.inject({
    method: 'POST',
    url,
    headers: { host: HOST, origin: ORIGIN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });

/** A visitor with one item in the cart, on the checkout page: cookies, CSRF token, idempotency key. */
/** An in-stock rug SKU whose price is discounted today, or one that is not. */
async function rugSku(discounted: boolean): Promise<string> {
  const list = await app.http.inject({ method: 'GET', url: '/api/stores/rugs/products?limit=100' });
  const product = list
    .json<{ items: { slug: string; price: { percentOff: number } }[] }>()
    .items.find((p) => p.price.percentOff > 0 === discounted);
  expect(product).toBeDefined();
  const detail = await app.http.inject({ method: 'GET', url: `/api/stores/rugs/products/${product!.slug}` });
  return detail.json<{ variants: { sku: string; inStock: boolean }[] }>().variants.find((v) => v.inStock)!
    .sku;
}

async function atCheckout(sku = 'RUG-0001-1') {
  const added = await post('/s/rugs/cart/add', { sku, quantity: '1' });
  let cookies = cookiesOf(added);
  const page = await get('/s/rugs/checkout', cookies.join('; '));
  expect(page.statusCode).toBe(200);
  cookies = [...cookies, ...cookiesOf(page)];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
  return { cookie: cookies.join('; '), csrf, key, page };
}

function form(csrf: string, key: string, card: string = TEST_CARDS.approved): Record<string, string> {
  const g = PERSONAS.guest;
  return {
    _csrf: csrf,
    idempotencyKey: key,
    email: g.email,
    recipientName: g.recipientName,
    line1: g.line1,
    city: g.city,
    postalCode: g.postalCode,
    countryCode: g.countryCode,
    cardNumber: card,
    cardExpiry: '12/30',
    cardCvc: '123',
    consent: '2026-01-15',
  };
}

describe(`CK-1: the checkout page (${ENGINE})`, () => {
  it('CK-1: with an empty cart the checkout page sends the shopper back to the cart', async () => {
    const res = await get('/s/rugs/checkout');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/s/rugs/cart');
  });

  it('CK-1: the form shows the was/now summary and asks consent to the current policy version; it is never cached', async () => {
    const { page } = await atCheckout(await rugSku(true));
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('value="2026-01-15"');
    expect(page.body).toMatch(/<dt>Was<\/dt><dd><s>\$[\d.]+<\/s><\/dd>/);
    expect(page.body).toContain('autocomplete="cc-number"');
    // Card fields bring up the digits keyboard on a phone.
    expect(page.body).toMatch(/autocomplete="cc-number" inputmode="numeric"/);
    expect(page.body).toMatch(/autocomplete="cc-csc" inputmode="numeric"/);
  });

  it('CK-1: without a discount the summary shows a plain subtotal, no "Was … Now …"', async () => {
    const sku = await rugSku(false);
    const { page } = await atCheckout(sku);
    expect(page.body).not.toContain('<dt>Was</dt>');
    expect(page.body).toMatch(/<dt>Subtotal<\/dt><dd>\$[\d.]+<\/dd>/);
  });

  it('CK-1, SF-7: a post without the CSRF token is refused and places nothing', async () => {
    const { cookie, key } = await atCheckout();
    const res = await post('/s/rugs/checkout', { ...form('forged', key) }, cookie);
    expect(res.statusCode).toBe(403);
    // The cart is untouched: still one line, still offering checkout.
    const cart = await get('/s/rugs/cart', cookie);
    expect(cart.body).toContain('Check out');
    expect(cart.body).toContain('value="1"');
  });

  it('CK-1: a missing consent re-renders the form (400) with the typed values and without the card', async () => {
    const { cookie, csrf, key } = await atCheckout();
    const { consent: _consent, ...noConsent } = form(csrf, key);
    const res = await post('/s/rugs/checkout', noConsent, cookie);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please read and accept the current privacy policy');
    expect(res.body).toContain(`value="${PERSONAS.guest.city}"`);
    expect(res.body).not.toContain(TEST_CARDS.approved);
  });

  it('CK-1, CK-2: a placed order redirects to its confirmation, clears the cart cookie and a double submit finds the same order', async () => {
    const { cookie, csrf, key } = await atCheckout();
    const placed = await post('/s/rugs/checkout', form(csrf, key), cookie);
    expect(placed.statusCode).toBe(303);
    expect(placed.headers.location).toMatch(/^\/s\/rugs\/orders\/RUG-[0-9A-Z]{4}-[0-9A-Z]{4}\?placed=1$/);
    const setCookies = [placed.headers['set-cookie']].flat().join('\n');
    expect(setCookies).toMatch(/pledge_order=[^;]+;.*HttpOnly/);
    expect(setCookies).toMatch(/pledge_cart=;/);
    const access = cookiesOf(placed).find((c) => c.startsWith('pledge_order='))!;
    const confirmation = await get(placed.headers.location as string, access);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('your order is placed');
    expect(confirmation.body).toContain(PERSONAS.guest.recipientName);
    // The browser resubmits the same form (same hidden key): the same order, no second one.
    const again = await post('/s/rugs/checkout', form(csrf, key), cookie);
    expect(again.headers.location).toBe(placed.headers.location);
    // Without the access cookie the order page is a 404, like any unknown number.
    expect((await get((placed.headers.location as string).split('?')[0]!)).statusCode).toBe(404);
  });

  it('CK-2: the order history needs a signed-in member', async () => {
    const res = await get('/s/rugs/account/orders');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/s/rugs/account/login');
  });

  it('PV-1, PV-5, SH-6: the privacy page lists what the inventory declares, how each detail is stored and which roles see it — and names each recipient with exactly what its agreement allows', async () => {
    const res = await get('/s/skincare/privacy');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('This is version 2026-01-15, in effect since 2026-01-15');
    const row =
      /<tr>(?:(?!<\/tr>).)*shipping address — recipient name(?:(?!<\/tr>).)*<\/tr>/s.exec(res.body)?.[0] ??
      '';
    expect(row).toContain('encrypted (AES-256-GCM)');
    expect(row).toContain('warehouse staff'); // the role view the back office applies (AC-2)
    // The recipients come from the processor register: the carrier with the address, the tracking
    // provider with references only; nobody is said to receive the contact e-mail.
    const recipients = [...res.body.matchAll(/data-promise="recipients"[^>]*>([^<]*)</g)].map((m) => m[1]!);
    const carrier = recipients.find((r) => r.includes('(carrier)'));
    expect(carrier).toContain('the recipient’s name');
    expect(carrier).toContain('street');
    expect(recipients.find((r) => r.includes('(email relay)'))).toContain('your e-mail address');
    expect(recipients.find((r) => r.includes('(tracking provider)'))).toBe(
      'Emulated tracking (demo) (tracking provider), for order updates: where to report scans (our address), carrier name, order number, tracking number.',
    );
    expect(carrier).not.toContain('e-mail');
    expect(res.body).not.toContain('never to us');
    expect(res.body).not.toContain('staff.user'); // staff records are not on the shoppers' page
  });

  it("CK-1: the address fields follow the country's address metadata: the store's main market first, labels, required and optional as each country has them", async () => {
    const { page, cookie, csrf } = await atCheckout();
    // The demo stores' main market is the United States: ZIP code and a required state list.
    expect(page.body).toMatch(/<option value="US" selected/);
    expect(page.body).toMatch(/<label for="f-postalCode">ZIP code<\/label>/);
    expect(page.body).toMatch(/<label for="f-region">State<\/label>/);
    expect(page.body).toMatch(/<select id="f-region" name="region"[^>]*aria-required="true"/);
    expect(page.body).toContain('<option value="NY">New York</option>');
    const fields = async (countryCode: string) => {
      const res = await post(
        '/s/rugs/checkout/address-fields',
        { _csrf: csrf, countryCode, city: 'Cork' },
        cookie,
      );
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<html'); // a fragment for htmx, not a page
      return res.body;
    };
    const gb = await fields('GB');
    expect(gb).toMatch(/<label for="f-postalCode">Postal code<\/label>/); // required: no "(optional)"
    expect(gb).toContain('Post town');
    expect(gb).not.toContain('name="region"'); // British addresses have no region line
    const ie = await fields('IE');
    expect(ie).toMatch(/Eircode<small> \(optional\)<\/small>/);
    expect(ie).toContain('value="Cork"'); // what was typed survives the swap
    const hk = await fields('HK');
    expect(hk).not.toContain('name="postalCode"'); // Hong Kong has no postal codes
    const jp = await fields('JP');
    expect(jp).toContain('Prefecture');
    expect(jp).toContain('<option value="13">Tokyo</option>');
    // Without the CSRF token the fragment is refused like any other form post.
    const refused = await post(
      '/s/rugs/checkout/address-fields',
      { _csrf: 'forged', countryCode: 'GB' },
      cookie,
    );
    expect(refused.statusCode).toBe(403);
  });

  it('CK-1: a submission is checked against the chosen country: missing or misshapen fields are named in its words, and the form comes back with its fields', async () => {
    const { cookie, csrf, key } = await atCheckout();
    const us = { ...form(csrf, key), countryCode: 'US', postalCode: 'GU5 9ZX', region: '' };
    const res = await post('/s/rugs/checkout', us, cookie);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter the ZIP code as it is written there, like 95014.');
    expect(res.body).toContain('Choose the state.');
    expect(res.body).toMatch(/<label for="f-postalCode">ZIP code<\/label>/);
    const ca = { ...form(csrf, key), countryCode: 'CA', postalCode: 'K1A 0B1', region: 'Narnia' };
    const again = await post('/s/rugs/checkout', ca, cookie);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Choose the province from the list.');
    expect(again.body).not.toContain('ZIP code');
    // A region named in full is accepted and kept as the country's code (Ontario → ON).
    const placed = await post('/s/rugs/checkout', { ...ca, region: 'Ontario' }, cookie);
    expect(placed.statusCode).toBe(303);
  });

  it('CK-4: on the order page the shopper changes the delivery address until it ships; after that the form is gone and a late post is refused plainly', async () => {
    const { cookie, csrf, key } = await atCheckout();
    const placed = await post('/s/rugs/checkout', form(csrf, key), cookie);
    expect(placed.statusCode).toBe(303);
    const orderUrl = (placed.headers.location as string).split('?')[0]!;
    const jar = [cookie, ...cookiesOf(placed)].join('; ');
    const page = await get(orderUrl, jar);
    expect(page.body).toContain('Change the delivery address');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const jar2 = [jar, ...cookiesOf(page)].join('; ');
    const address = {
      _csrf: token,
      recipientName: 'Marisol Quenby',
      line1: '3 Harbour Row',
      city: 'Cobh',
      countryCode: 'IE',
      region: '',
      postalCode: '',
    };
    const bad = await post(`${orderUrl}/address`, { ...address, line1: '' }, jar2);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the street address');
    expect(bad.body).toContain('value="Cobh"'); // what was typed comes back
    const changed = await post(`${orderUrl}/address`, address, jar2);
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toMatch(/\?address=changed$/);
    const after = await get(changed.headers.location as string, jar2);
    expect(after.body).toContain('The delivery address is changed.');
    expect(after.body).toContain('3 Harbour Row');
    expect(after.body).toContain('Ireland');

    const number = orderUrl.split('/').pop()!;
    await app.inStore('rugs', async (ctx) => {
      const [o] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select id from orders."order" where number = ${number}`,
      );
      await changeOrderStatus(ctx, o!.id, 'processing');
      await changeOrderStatus(ctx, o!.id, 'shipped');
    });
    const shipped = await get(orderUrl, jar2);
    expect(shipped.body).not.toContain('Change the delivery address');
    const late = await post(`${orderUrl}/address`, address, jar2);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('has already shipped');
  });

  it('CK-1: without JavaScript, "Show this country’s address fields" brings the form back with that country’s fields and places nothing', async () => {
    const { page, cookie, csrf, key } = await atCheckout();
    expect(page.body).toContain(
      '<noscript><button type="submit" name="refresh" value="country" formnovalidate',
    );
    const res = await post(
      '/s/rugs/checkout',
      { ...form(csrf, key), refresh: 'country', countryCode: 'GB' },
      cookie,
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<label for="f-postalCode">Postal code<\/label>/);
    expect(res.body).not.toContain('name="region"');
    expect(res.body).toContain(`value="${PERSONAS.guest.recipientName}"`); // typed values kept
    expect(res.body).not.toContain(TEST_CARDS.approved); // the card never comes back
    expect(res.body).not.toContain('form-error'); // nothing was checked yet
  });
});
