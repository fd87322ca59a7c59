import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { readOutbox } from '../../src/modules/notifications/index.ts';
import { makeMember } from '../support/factories.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';
import { api, guestCart, policyVersion, skusInStock, stockOf } from '../support/shop-api.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'fragrance';
const base = `/api/stores/${STORE}`;
const member = PERSONAS.member;
let app: TestApp;
let version: string;
let skus: string[];
let session: string;
const bearer = (token = session) => ({ authorization: `Bearer ${token}` });

/** The newest queued e-mail of a kind, once the background work that sends it has finished. */
const latestMail = async (template: string) => {
  await app.background.settled();
  return (await app.inStore(STORE, (ctx) => readOutbox({ ...ctx, vault: app.vault }, 50))).find(
    (m) => m.template === template,
  );
};
const logIn = async (email: string = member.email, password: string = member.password) =>
  api(app, 'POST', `${base}/sessions`, { body: { email, password } });

beforeAll(async () => {
  app = await createTestApp({ clock });
  version = await policyVersion(app, STORE);
  skus = await skusInStock(app, STORE, 4);
});
afterAll(() => app.close());

describe(`SF-7, SF-5, CK-1, CK-2: the member flows in the JSON API (${ENGINE})`, () => {
  it('SF-7, PV-3: registration takes only nickname, e-mail and password; an undeclared field is dropped, never stored', async () => {
    const weak = await api(app, 'POST', `${base}/customers`, {
      body: { nickname: member.nickname, email: member.email, password: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/password must be 10–200 characters/);
    const missing = await api(app, 'POST', `${base}/customers`, { body: { email: member.email } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/nickname/);

    const created = await api(app, 'POST', `${base}/customers`, {
      body: {
        nickname: member.nickname,
        email: member.email,
        password: member.password,
        birthDate: '1987-03-14',
        idNumber: 'X9981237',
      },
    });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ accepted: true, message: expect.stringContaining('check your e-mail') });
    await app.background.settled();
    const pending = await app.inStore(STORE, (ctx) =>
      queryRows(ctx.db, sql`select * from accounts.pending_registration`),
    );
    expect(JSON.stringify(pending)).not.toMatch(/1987-03-14|X9981237/);
    const token = /token=([A-Za-z0-9_-]+)/.exec((await latestMail('confirm_registration'))!.body!)![1]!;
    const confirmed = await api(app, 'POST', `${base}/customers/confirm`, { body: { token } });
    expect(confirmed.status).toBe(201);
    const me = await api(app, 'GET', `${base}/me`, { headers: bearer(confirmed.body.sessionToken) });
    expect(me.body).toEqual({ nickname: member.nickname, email: member.email });
    const rows = await app.inStore(STORE, (ctx) => queryRows(ctx.db, sql`select * from accounts.customer`));
    expect(JSON.stringify(rows)).not.toMatch(/1987-03-14|X9981237/);
    expect(Object.keys(rows[0]!)).not.toContain('birth_date');
    expect((await api(app, 'POST', `${base}/customers/confirm`, { body: { token } })).status).toBe(400);
  });

  it('SEC-4: registering a taken address answers exactly as a new one; only the mailbox learns the difference', async () => {
    const taken = await api(app, 'POST', `${base}/customers`, {
      body: { nickname: 'Other', email: member.email.toUpperCase(), password: 'another password 1' },
    });
    const fresh = await api(app, 'POST', `${base}/customers`, {
      body: { nickname: 'Other', email: 'brand.new.shopper@example.org', password: 'another password 1' },
    });
    expect([taken.status, taken.body]).toEqual([fresh.status, fresh.body]);
    expect(Object.keys(taken.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    await app.background.settled();
    expect((await latestMail('account_exists'))?.recipient).toBe(member.email);
    expect((await latestMail('confirm_registration'))?.recipient).toBe('brand.new.shopper@example.org');
  });

  it('SF-7: log-in answers a session token; a wrong password and an unknown address get the same 401', async () => {
    const wrong = await logIn(member.email, 'not the password');
    const unknown = await logIn('nobody.here@example.org', member.password);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);

    const res = await logIn();
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    session = res.body.sessionToken;
    expect(new Date(res.body.expiresAt).getTime()).toBe(clock.now().getTime() + 30 * 86_400_000);

    const me = await api(app, 'GET', `${base}/me`, { headers: bearer() });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ nickname: member.nickname, email: member.email });
    // The session token is stored only as a hash.
    const stored = await app.inStore(STORE, (ctx) =>
      queryRows<{ token_hash: string }>(ctx.db, sql`select token_hash from accounts.session`),
    );
    expect(stored.map((s) => s.token_hash)).not.toContain(session);
  });

  it('SF-7: without a session, or with an unknown one, member routes answer 401 and say what to send', async () => {
    const none = await api(app, 'GET', `${base}/me/orders`);
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(/Authorization: Bearer/);
    const unknown = await api(app, 'GET', `${base}/me`, { headers: bearer('x'.repeat(43)) });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toMatch(/log in again/);
    const malformed = await api(app, 'GET', `${base}/me`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(400);
  });

  it('SF-5: a guest cart is claimed into the member cart after log-in; quantities add up', async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    const added = await api(app, 'POST', `${base}/cart/lines`, {
      headers: bearer(),
      body: { sku: a, quantity: 1 },
    });
    expect(added.status).toBe(200);
    expect(added.body.units).toBe(1);
    // Each change answers the cart as a fresh read shows it (computed without reading it back).
    const variantId = added.body.lines[0].variantId as string;
    const changed = await api(app, 'PUT', `${base}/cart/lines/${variantId}`, {
      headers: bearer(),
      body: { quantity: 2 },
    });
    expect(changed.body).toEqual((await api(app, 'GET', `${base}/cart`, { headers: bearer() })).body);
    expect(changed.body.units).toBe(2);
    const back = await api(app, 'PUT', `${base}/cart/lines/${variantId}`, {
      headers: bearer(),
      body: { quantity: 1 },
    });
    expect(back.body).toEqual((await api(app, 'GET', `${base}/cart`, { headers: bearer() })).body);

    const guestToken = await guestCart(app, STORE, [
      [a, 2],
      [b, 1],
    ]);
    const claimed = await api(app, 'POST', `${base}/cart/claim`, {
      headers: { ...bearer(), 'x-cart-token': guestToken },
    });
    expect(claimed.status).toBe(200);
    const quantities = Object.fromEntries(
      claimed.body.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]),
    );
    expect(quantities).toEqual({ [a]: 3, [b]: 1 });
    // The guest cart is gone with its token.
    const gone = await api(app, 'GET', `${base}/cart`, { headers: { 'x-cart-token': guestToken } });
    expect(gone.status).toBe(404);
    // The member's cart is the same one from any client holding the session.
    const seen = await api(app, 'GET', `${base}/cart`, { headers: bearer() });
    expect(seen.body.units).toBe(4);
    // A cart route without any owner says what to send.
    const anonymous = await api(app, 'GET', `${base}/cart`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toMatch(/X-Cart-Token/);
  });

  it('SF-5: the wishlist saves, lists and removes products for the member only', async () => {
    const list = await api(app, 'GET', `${base}/products?limit=2`);
    const [p1, p2] = list.body.items.map((p: { slug: string }) => p.slug) as string[];
    expect((await api(app, 'PUT', `${base}/me/wishlist/${p1}`, { headers: bearer() })).status).toBe(200);
    const saved = await api(app, 'PUT', `${base}/me/wishlist/${p2}`, { headers: bearer() });
    expect(saved.body.items.map((p: { slug: string }) => p.slug).sort()).toEqual([p1, p2].sort());
    expect(saved.body.items[0].price.nowCents).toBeGreaterThan(0);
    const removed = await api(app, 'DELETE', `${base}/me/wishlist/${p1}`, { headers: bearer() });
    expect(removed.body.items.map((p: { slug: string }) => p.slug)).toEqual([p2]);
    expect((await api(app, 'PUT', `${base}/me/wishlist/no-such-product`, { headers: bearer() })).status).toBe(
      404,
    );
    expect((await api(app, 'GET', `${base}/me/wishlist`)).status).toBe(401);
  });

  it('CK-1, CK-2: member checkout uses the account e-mail, joins the history, and the member reads the order without an access token', async () => {
    const [a] = [skus[0]!];
    const stockBefore = await stockOf(app, STORE, a);
    const { recipientName, line1, city, region, postalCode, countryCode, phone } = member;
    const body = {
      shippingAddress: { recipientName, line1, city, region, postalCode, countryCode, phone },
      acceptPrivacyPolicyVersion: version,
      payment: { card: { number: TEST_CARDS.approved, expMonth: 12, expYear: 2030, cvc: '123' } },
    };
    const res = await api(app, 'POST', `${base}/checkout`, {
      headers: { ...bearer(), 'idempotency-key': 'member-api-checkout-1' },
      body,
    });
    expect(res.status).toBe(201);
    const order = res.body.order;
    expect(order.contactEmail).toBe(member.email);
    expect(order.lines.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0)).toBe(4);
    expect(await stockOf(app, STORE, a)).toBe(stockBefore - 3);

    // A retry with the same key is the same order.
    const retry = await api(app, 'POST', `${base}/checkout`, {
      headers: { ...bearer(), 'idempotency-key': 'member-api-checkout-1' },
      body,
    });
    expect(retry.status).toBe(200);
    expect(retry.body.order.number).toBe(order.number);

    const history = await api(app, 'GET', `${base}/me/orders`, { headers: bearer() });
    expect(history.status).toBe(200);
    expect(history.body.orders.map((o: { number: string }) => o.number)).toEqual([order.number]);
    expect(history.body.orders[0]).toMatchObject({ status: 'paid', units: 4, totalCents: order.totalCents });

    const viewed = await api(app, 'GET', `${base}/orders/${order.number}`, { headers: bearer() });
    expect(viewed.status).toBe(200);
    expect(viewed.body.order.shipTo.line1).toBe(member.line1);
    // Another member cannot open it, nor can a request with no credentials.
    await makeMember(app, STORE, {
      nickname: 'Edda',
      email: 'edda.sorrel@example.org',
      password: 'edda password 12',
    });
    const other = (await logIn('edda.sorrel@example.org', 'edda password 12')).body.sessionToken as string;
    expect((await api(app, 'GET', `${base}/orders/${order.number}`, { headers: bearer(other) })).status).toBe(
      404,
    );
    expect((await api(app, 'GET', `${base}/orders/${order.number}`)).status).toBe(404);
    expect((await api(app, 'GET', `${base}/me/orders`, { headers: bearer(other) })).body.orders).toEqual([]);
    // The confirmation e-mail is queued for the account address.
    const mail = await latestMail('order_confirmation');
    expect(mail!.recipient).toBe(member.email);
    expect(mail!.body).toContain(order.number);
  });

  it('SF-7: log-out ends the session; a password reset through the API ends every other session too', async () => {
    const second = (await logIn()).body.sessionToken as string;
    const out = await api(app, 'DELETE', `${base}/sessions/current`, { headers: bearer(second) });
    expect(out.status).toBe(204);
    expect((await api(app, 'GET', `${base}/me`, { headers: bearer(second) })).status).toBe(401);
    expect((await api(app, 'GET', `${base}/me`, { headers: bearer() })).status).toBe(200);

    const asked = await api(app, 'POST', `${base}/password-resets`, { body: { email: member.email } });
    const askedUnknown = await api(app, 'POST', `${base}/password-resets`, {
      body: { email: 'nobody.here@example.org' },
    });
    expect(asked.status).toBe(202);
    expect(askedUnknown.status).toBe(202);
    expect(askedUnknown.body).toEqual(asked.body);
    const mail = await latestMail('password_reset');
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.body!)![1]!;
    const reset = await api(app, 'POST', `${base}/password-resets/complete`, {
      body: { token, password: 'a brand new passphrase' },
    });
    expect(reset.status).toBe(204);
    expect((await api(app, 'GET', `${base}/me`, { headers: bearer() })).status).toBe(401);
    const reused = await api(app, 'POST', `${base}/password-resets/complete`, {
      body: { token, password: 'yet another passphrase' },
    });
    expect(reused.status).toBe(400);
    expect((await logIn(member.email, 'a brand new passphrase')).status).toBe(201);
  });
});
