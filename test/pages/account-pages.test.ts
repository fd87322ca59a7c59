import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { latestMail, tokenFromMail } from '../support/factories.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(jar: Jar, setCookie: string | string[] | undefined) {
  for (const c of [setCookie ?? []].flat()) {
    const [pair] = c.split(';');
    const [name, value] = pair!.split('=');
    if (value === '') jar.delete(name!);
    else jar.set(name!, value!);
  }
}

async function getPage(jar: Jar, url: string) {
  const res = await app.http.inject({ method: 'GET', url, headers: { cookie: cookieHeader(jar) } });
  keep(jar, res.headers['set-cookie']);
  return res;
}
async function postForm(jar: Jar, url: string, form: Record<string, string>) {
  const res = await app.http.inject({
    method: 'POST',
    url,
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
  keep(jar, res.headers['set-cookie']);
  return res;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** Registers through the pages: form → "check your e-mail" → link from the outbox → confirm → signed in. */
async function registerThroughPages(jar: Jar, store: string, person: Record<string, string>) {
  const form = await getPage(jar, `/s/${store}/account/register`);
  const sent = await postForm(jar, `/s/${store}/account/register`, { ...person, _csrf: csrfOf(form.body) });
  expect(sent.statusCode).toBe(202);
  expect(sent.body).toContain('Check your e-mail');
  const token = await tokenFromMail(app, store, 'confirm_registration');
  const confirm = await getPage(jar, `/s/${store}/account/confirm?token=${token}`);
  expect(confirm.headers['referrer-policy']).toBe('no-referrer');
  return postForm(jar, `/s/${store}/account/confirm`, { token, _csrf: csrfOf(confirm.body) });
}

const MAYA = { nickname: 'Maya Quill', email: 'maya.quill@example.net', password: 'quill pen and ink 9' };

describe(`SF-7: member pages over HTTP with CSRF-protected forms (${ENGINE})`, () => {
  it('SF-7, PV-3: register → account page → log out → log in again; only declared fields are kept', async () => {
    const jar: Jar = new Map();
    const form = await getPage(jar, '/s/skincare/account/register');
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    const registered = await registerThroughPages(jar, 'skincare', {
      ...MAYA,
      birth_date: '1990-01-01',
      passport: 'X123',
    });
    expect(registered.statusCode).toBe(303);
    expect(registered.headers.location).toBe('/s/skincare/account');
    const sessionCookie = [registered.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('pledge_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).toMatch(/Path=\/s\/skincare/);

    const account = await getPage(jar, '/s/skincare/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Hello, Maya Quill');
    expect(account.body).toContain('maya.quill@example.net');
    expect(account.body).not.toContain('1990-01-01');

    const out = await postForm(jar, '/s/skincare/account/logout', { _csrf: csrfOf(account.body) });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/s/skincare/account/login?done=signed_out');
    expect((await getPage(jar, out.headers.location as string)).body).toMatch(
      /role="status">You are logged out\./,
    );
    expect((await getPage(jar, '/s/skincare/account')).headers.location).toBe('/s/skincare/account/login');

    const login = await getPage(jar, '/s/skincare/account/login');
    const back = await postForm(jar, '/s/skincare/account/login', {
      email: MAYA.email,
      password: MAYA.password,
      _csrf: csrfOf(login.body),
    });
    expect(back.statusCode).toBe(303);
    expect((await getPage(jar, '/s/skincare/account')).body).toContain('Hello, Maya Quill');
  });

  it('SF-7: a form posted without its CSRF token is refused and changes nothing', async () => {
    const jar: Jar = new Map();
    await getPage(jar, '/s/skincare/account/register');
    const forged = await postForm(jar, '/s/skincare/account/register', {
      ...MAYA,
      email: 'forged@example.net',
      _csrf: 'not-the-token',
    });
    expect(forged.statusCode).toBe(403);
    const login = await getPage(jar, '/s/skincare/account/login');
    const attempt = await postForm(jar, '/s/skincare/account/login', {
      email: 'forged@example.net',
      password: MAYA.password,
      _csrf: csrfOf(login.body),
    });
    expect(attempt.statusCode).toBe(401);
  });

  it('SF-7: a wrong password re-shows the form with a clear message and no password echoed', async () => {
    const jar: Jar = new Map();
    const login = await getPage(jar, '/s/skincare/account/login');
    const res = await postForm(jar, '/s/skincare/account/login', {
      email: MAYA.email,
      password: 'wrong guess here',
      _csrf: csrfOf(login.body),
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('e-mail address or password is not right');
    expect(res.body).not.toContain('wrong guess here');
  });

  it('SF-7, SEC-4: bad registration input answers 400 naming the field; a taken address gets the same page as a new one', async () => {
    const jar: Jar = new Map();
    const form = await getPage(jar, '/s/skincare/account/register');
    const bad = await postForm(jar, '/s/skincare/account/register', {
      nickname: 'Al',
      email: 'no-at-sign',
      password: 'long enough pw 1',
      _csrf: csrfOf(form.body),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('email must be a valid e-mail address');
    const again = await postForm(jar, '/s/skincare/account/register', { ...MAYA, _csrf: csrfOf(bad.body) });
    const fresh = await postForm(jar, '/s/skincare/account/register', {
      ...MAYA,
      email: 'maya.other@example.net',
      _csrf: csrfOf(bad.body),
    });
    expect(again.statusCode).toBe(202);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(again.body)).toBe(strip(fresh.body));
    expect((await latestMail(app, 'skincare', 'account_exists'))?.recipient).toBe(MAYA.email);
  });

  it('SF-7: a used or unknown confirmation link shows a clear page and signs nobody in', async () => {
    const jar: Jar = new Map();
    const page = await getPage(jar, '/s/skincare/account/confirm?token=' + 'x'.repeat(43));
    const res = await postForm(jar, '/s/skincare/account/confirm', {
      token: 'x'.repeat(43),
      _csrf: csrfOf(page.body),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('this confirmation link is not valid any more');
    expect(jar.has('pledge_session')).toBe(false);
  });

  it("SEC-5: one store's session is worth nothing in another store", async () => {
    const jar: Jar = new Map();
    const login = await getPage(jar, '/s/skincare/account/login');
    await postForm(jar, '/s/skincare/account/login', {
      email: MAYA.email,
      password: MAYA.password,
      _csrf: csrfOf(login.body),
    });
    expect(jar.has('pledge_session')).toBe(true);
    const elsewhere = await getPage(jar, '/s/rugs/account');
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers.location).toBe('/s/rugs/account/login');
  });

  it('SF-5, SF-7: the cart a visitor filled follows them into their new account', async () => {
    const jar: Jar = new Map();
    const added = await app.http.inject({
      method: 'POST',
      url: '/s/skincare/cart/add',
      headers: {
        host: 'localhost',
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'sku=SKI-0001-1&quantity=2',
    });
    keep(jar, added.headers['set-cookie']);
    expect(jar.has('pledge_cart')).toBe(true);
    await registerThroughPages(jar, 'skincare', {
      nickname: 'Cart Owner',
      email: 'cart.owner@example.net',
      password: 'carts follow me 12',
    });
    expect(jar.has('pledge_session')).toBe(true);
    expect(jar.has('pledge_cart')).toBe(false); // the anonymous cart is now the member's
    const cart = await getPage(jar, '/s/skincare/cart');
    expect(cart.body).toContain('Oat Milk Gentle Cleanser');
    expect(cart.body).toContain('value="2"');
  });

  it('SF-5, SF-7: logging in also brings the visitor cart into the member cart', async () => {
    const jar: Jar = new Map();
    const added = await app.http.inject({
      method: 'POST',
      url: '/s/skincare/cart/add',
      headers: {
        host: 'localhost',
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'sku=SKI-0002-1&quantity=1',
    });
    keep(jar, added.headers['set-cookie']);
    const login = await getPage(jar, '/s/skincare/account/login');
    await postForm(jar, '/s/skincare/account/login', {
      email: MAYA.email,
      password: MAYA.password,
      _csrf: csrfOf(login.body),
    });
    expect(jar.has('pledge_session')).toBe(true);
    expect(jar.has('pledge_cart')).toBe(false);
    const cart = await getPage(jar, '/s/skincare/cart');
    expect(cart.body).toContain('Green Tea Foaming Cleanser');
  });

  it('SF-5: a member saves a product from its page and finds it on the wishlist; a visitor is sent to log in', async () => {
    const visitor = await app.http.inject({
      method: 'POST',
      url: '/s/skincare/wishlist/save',
      headers: {
        host: 'localhost',
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'slug=water-gel-moisturizer',
    });
    expect(visitor.statusCode).toBe(303);
    expect(visitor.headers.location).toBe('/s/skincare/account/login');

    const jar: Jar = new Map();
    const login = await getPage(jar, '/s/skincare/account/login');
    await postForm(jar, '/s/skincare/account/login', {
      email: MAYA.email,
      password: MAYA.password,
      _csrf: csrfOf(login.body),
    });
    const product = await getPage(jar, '/s/skincare/p/water-gel-moisturizer');
    expect(product.body).toContain('action="/s/skincare/wishlist/save"');
    const save = (slug: string, action = 'save') =>
      app.http.inject({
        method: 'POST',
        url: `/s/skincare/wishlist/${action}`,
        headers: {
          host: 'localhost',
          origin: 'http://localhost',
          cookie: cookieHeader(jar),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `slug=${slug}`,
      });
    const saved = await save('water-gel-moisturizer');
    expect(saved.headers.location).toBe('/s/skincare/account/wishlist?saved=water-gel-moisturizer');
    // The wishlist confirms the save and leads on to choosing a size and adding it to the cart.
    const list = await getPage(jar, saved.headers.location as string);
    expect(list.body).toMatch(/role="status">Saved Water Gel Moisturizer to your wishlist/);
    expect(list.body).toContain('Choose size and add to cart');
    expect((await save('no-such-product')).statusCode).toBe(404);
    await save('water-gel-moisturizer', 'remove');
    expect((await getPage(jar, '/s/skincare/account/wishlist')).body).toContain('Nothing saved yet');

    // With JavaScript (htmx) the product page's button turns into the confirmation in place; the
    // page itself stays the same for everyone (it is cached), and a visitor is sent to log in.
    expect(product.body).toContain('hx-post="/s/skincare/wishlist/save"');
    const hx = (cookie: string) =>
      app.http.inject({
        method: 'POST',
        url: '/s/skincare/wishlist/save',
        headers: {
          host: 'localhost',
          origin: 'http://localhost',
          cookie,
          'hx-request': 'true',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'slug=water-gel-moisturizer',
      });
    const inPlace = await hx(cookieHeader(jar));
    expect(inPlace.statusCode).toBe(200);
    expect(inPlace.body).toContain('♥ Saved to your <a href="/s/skincare/account/wishlist">wishlist</a>');
    expect((await getPage(jar, '/s/skincare/account/wishlist')).body).toContain('Water Gel Moisturizer');
    const anonymous = await hx('');
    expect(anonymous.statusCode).toBe(204);
    expect(anonymous.headers['hx-redirect']).toBe('/s/skincare/account/login');
  });

  it('SEC-4: more than 10 log-in posts a minute from one address are refused with a 429 page', async () => {
    const jar: Jar = new Map();
    const login = await getPage(jar, '/s/fragrance/account/login');
    const attempt = () =>
      app.http.inject({
        method: 'POST',
        url: '/s/fragrance/account/login',
        remoteAddress: '203.0.113.7',
        headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          email: `someone${statuses.length}@example.net`,
          password: 'guessing away 1',
          _csrf: csrfOf(login.body),
        }).toString(),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await attempt();
    expect(statuses[10]).toBe(429);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('text/html');
  });

  it('SH-4: no e-mail, nickname or password reached the logs', () => {
    for (const secret of [MAYA.email, MAYA.nickname, MAYA.password, 'wrong guess here'])
      expect(app.logs.text).not.toContain(secret);
  });
});
