import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TestCardProcessor } from '../../src/modules/payments/index.ts';
import { readPersonal } from '../../src/modules/privacy/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';
import {
  anotherShopper,
  api,
  guestCart,
  guestCheckoutBody,
  policyVersion,
  skusInStock,
  stockOf,
} from '../support/shop-api.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'skincare';
let app: TestApp;
let version: string;
let skus: string[];
let keyCounter = 0;
const newKey = () => `test-key-${Date.now()}-${++keyCounter}`;
const processor = () => app.payments as TestCardProcessor;

const checkout = (token: string, key: string, body: unknown) =>
  api(app, 'POST', `/api/stores/${STORE}/checkout`, {
    headers: { 'x-cart-token': token, 'idempotency-key': key },
    body,
    ip: anotherShopper(),
  });

/** Units sold of the product a SKU belongs to (after the buffered counters were written). */
const unitsSoldOf = async (sku: string) => {
  await app.deliverEvents(); // units count once the order_placed event reached the catalog
  await app.flushActivity();
  const [row] = await app.inStore(STORE, (ctx) =>
    queryRows<{ n: number }>(
      ctx.db,
      sql`select p.units_sold as n from catalog.product p join catalog.variant v on v.product_id = p.id where v.sku = ${sku}`,
    ),
  );
  return Number(row!.n);
};

beforeAll(async () => {
  app = await createTestApp({ clock });
  version = await policyVersion(app, STORE);
  skus = await skusInStock(app, STORE, 6);
});
afterAll(() => app.close());

describe(`CK-1, CK-2: guest checkout through the JSON API (${ENGINE})`, () => {
  it('CK-1: a guest buys two items; prices come from the server, stock and sales counters move, the cart is gone', async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    const before = { a: await stockOf(app, STORE, a), b: await stockOf(app, STORE, b) };
    const soldBefore = { a: await unitsSoldOf(a), b: await unitsSoldOf(b) };
    const token = await guestCart(app, STORE, [[a, 2], [b]]);
    const cart = (await api(app, 'GET', `/api/stores/${STORE}/cart`, { headers: { 'x-cart-token': token } }))
      .body;
    const chargesBefore = processor().listCharges().length;

    const res = await checkout(token, newKey(), guestCheckoutBody(version));
    expect(res.status).toBe(201);
    const order = res.body.order;
    expect(order.number).toMatch(/^SKI-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(order.status).toBe('paid');
    expect(order.totalCents).toBe(cart.totalCents);
    expect(order.subtotalWasCents).toBe(cart.subtotalWasCents);
    expect(order.savingsCents).toBeGreaterThan(0); // the store-wide 50 % applies
    expect(order.shippingCents).toBe(0); // free global shipping
    // Lines keep the cart's order (added at the same instant here, so compare as a set).
    expect(order.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]).sort()).toEqual(
      [
        [a, 2],
        [b, 1],
      ].sort(),
    );
    expect(order.shipTo).toMatchObject({
      recipientName: PERSONAS.guest.recipientName,
      countryName: 'United Kingdom',
    });
    expect(order.privacyPolicyVersion).toBe(version);

    expect(await stockOf(app, STORE, a)).toBe(before.a - 2);
    expect(await stockOf(app, STORE, b)).toBe(before.b - 1);
    // a and b may be two sizes of one product: then that product sold all three units.
    const productOf = async (sku: string) =>
      (
        await app.inStore(STORE, (ctx) =>
          queryRows<{ id: string }>(
            ctx.db,
            sql`select product_id as id from catalog.variant where sku = ${sku}`,
          ),
        )
      )[0]!.id;
    const oneProduct = (await productOf(a)) === (await productOf(b));
    expect(await unitsSoldOf(a)).toBe(soldBefore.a + (oneProduct ? 3 : 2));
    expect(await unitsSoldOf(b)).toBe(soldBefore.b + (oneProduct ? 3 : 1));
    // The answer is built without reading the order back: it must equal what a later read shows.
    const reread = await api(app, 'GET', `/api/stores/${STORE}/orders/${order.number}`, {
      headers: { 'x-order-access': res.body.orderAccessToken },
    });
    expect(reread.body.order).toEqual(order);
    const charges = processor().listCharges();
    expect(charges.length).toBe(chargesBefore + 1);
    expect(charges.at(-1)).toMatchObject({
      amountCents: cart.totalCents,
      description: expect.stringContaining(order.number),
    });
    const gone = await api(app, 'GET', `/api/stores/${STORE}/cart`, { headers: { 'x-cart-token': token } });
    expect(gone.status).toBe(404);
  });

  it('CK-1, SEC-1: the payments ledger keeps the charge id sealed; the order keeps the consent version and time; the confirmation e-mail is sealed', async () => {
    const token = await guestCart(app, STORE, [[skus[2]!]]);
    const res = await checkout(token, newKey(), guestCheckoutBody(version));
    expect(res.status).toBe(201);
    const [row] = await app.inStore(STORE, (ctx) =>
      queryRows<{
        id: string;
        privacy_policy_version: string;
        policy_accepted_at: Date;
        subject_id: string;
        customer_id: string | null;
        channel: string;
      }>(ctx.db, sql`select * from orders."order" where number = ${res.body.order.number}`),
    );
    expect(row!.channel).toBe('storefront');
    expect(row!.privacy_policy_version).toBe(version);
    expect(new Date(row!.policy_accepted_at).toISOString()).toBe(clock.now().toISOString());
    expect(row!.customer_id).toBeNull();
    expect(row!.subject_id).toMatch(/^gst_/);
    const [entry] = await app.inStore(STORE, (ctx) =>
      queryRows<{
        id: string;
        kind: string;
        amount_cents: number;
        provider: string;
        provider_ref: string;
        subject_id: string;
      }>(ctx.db, sql`select * from payments.ledger_entry where order_id = ${row!.id}`),
    );
    expect(entry).toMatchObject({
      kind: 'charge',
      amount_cents: res.body.order.totalCents,
      provider: 'test',
    });
    expect(entry!.provider_ref).not.toMatch(/^ch_/); // sealed
    // Finance opens the reference through the read path; a warehouse worker cannot.
    const sealed = {
      table: 'payments.ledger_entry',
      rowId: entry!.id,
      subjectId: entry!.subject_id,
      values: { provider_ref: entry!.provider_ref },
    };
    const asRole = (role: 'finance' | 'warehouse') => app.as({ kind: 'staff', staffId: `stf_${role}`, role });
    expect(
      (await asRole('finance').inStore(STORE, (ctx) => readPersonal(ctx, sealed, 'payment'))).provider_ref,
    ).toMatch(/^ch_/);
    expect(
      (await asRole('warehouse').inStore(STORE, (ctx) => readPersonal(ctx, sealed, 'payment'))).provider_ref,
    ).toBeUndefined();
    await app.deliverEvents(); // the confirmation is sent once the order committed
    const mail = await app.inStore(STORE, (ctx) =>
      queryRows<{ id: string; template: string; recipient: string; body: string }>(
        ctx.db,
        sql`select id, template, recipient, body from notifications.outbox where subject_id = ${row!.subject_id}`,
      ),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.template).toBe('order_confirmation');
    expect(mail[0]!.recipient).not.toContain('@');
    const opened = await app
      .as({ kind: 'guest', orderId: row!.id, subjectId: row!.subject_id })
      .inStore(STORE, (ctx) =>
        readPersonal(
          ctx,
          {
            table: 'notifications.outbox',
            rowId: mail[0]!.id,
            subjectId: row!.subject_id,
            values: { recipient: mail[0]!.recipient, body: mail[0]!.body },
          },
          'transactional_email',
        ),
      );
    expect(opened.recipient).toBe(PERSONAS.guest.email);
    expect(opened.body).toContain(res.body.order.number);
    expect(opened.body).toContain('Total paid:');
    expect(opened.body).not.toContain(PERSONAS.guest.line1); // the e-mail carries no address
  });

  it('CK-2: a retried submission (same Idempotency-Key) returns the same order and never charges again', async () => {
    const sku = skus[3]!;
    const before = await stockOf(app, STORE, sku);
    const token = await guestCart(app, STORE, [[sku]]);
    const key = newKey();
    const charges = processor().listCharges().length;
    const first = await checkout(token, key, guestCheckoutBody(version));
    const retry = await checkout(token, key, guestCheckoutBody(version));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.order.number).toBe(first.body.order.number);
    expect(processor().listCharges().length).toBe(charges + 1);
    expect(await stockOf(app, STORE, sku)).toBe(before - 1);
  });

  it('CK-2: simultaneous retries with one key make exactly one order and one charge', async () => {
    const sku = skus[3]!;
    const before = await stockOf(app, STORE, sku);
    const token = await guestCart(app, STORE, [[sku]]);
    const key = newKey();
    const charges = processor().listCharges().length;
    // Twelve at once: some look the key up before the first commits, some find the cart already
    // closed by it; every one must answer that same order.
    const results = await Promise.all(
      Array.from({ length: 12 }, () => checkout(token, key, guestCheckoutBody(version))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([...Array<number>(11).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.order.number)).size).toBe(1);
    expect(processor().listCharges().length).toBe(charges + 1);
    expect(await stockOf(app, STORE, sku)).toBe(before - 1);
  });

  it('CK-2: an Idempotency-Key reused for another cart is refused', async () => {
    const key = newKey();
    expect(
      (await checkout(await guestCart(app, STORE, [[skus[4]!]]), key, guestCheckoutBody(version))).status,
    ).toBe(201);
    const other = await checkout(await guestCart(app, STORE, [[skus[4]!]]), key, guestCheckoutBody(version));
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/Idempotency-Key was already used/);
  });

  it('CK-1: a declined card leaves no order, frees the stock and keeps the cart; a good card then succeeds', async () => {
    const sku = skus[5]!;
    const before = await stockOf(app, STORE, sku);
    const token = await guestCart(app, STORE, [[sku, 3]]);
    const key = newKey();
    const countOrders = async () =>
      Number(
        (
          await app.inStore(STORE, (ctx) =>
            queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from orders."order"`),
          )
        )[0]!.n,
      );
    const orders = await countOrders();
    const soldBefore = await unitsSoldOf(sku);
    for (const card of [TEST_CARDS.declined, TEST_CARDS.insufficientFunds]) {
      const declined = await checkout(token, key, guestCheckoutBody(version, card));
      expect(declined.status).toBe(402);
      expect(declined.body.error).toBe('payment_declined');
      expect(declined.body.message).toMatch(/declined|insufficient funds/);
      expect(JSON.stringify(declined.body)).not.toContain(card);
      expect(await countOrders()).toBe(orders);
      expect(await stockOf(app, STORE, sku)).toBe(before);
      expect(await unitsSoldOf(sku)).toBe(soldBefore); // a rolled-back order does not count
    }
    const cart = await api(app, 'GET', `/api/stores/${STORE}/cart`, { headers: { 'x-cart-token': token } });
    expect(cart.body.units).toBe(3);
    const paid = await checkout(token, key, guestCheckoutBody(version));
    expect(paid.status).toBe(201);
    expect(await stockOf(app, STORE, sku)).toBe(before - 3);
    expect(await unitsSoldOf(sku)).toBe(soldBefore + 3);
  });

  it('CK-1: card problems are 400s that name the field and never echo the number', async () => {
    const token = await guestCart(app, STORE, [[skus[0]!]]);
    const bad = await checkout(token, newKey(), guestCheckoutBody(version, TEST_CARDS.badLuhn));
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.card).toBe('The card number is not valid.');
    expect(JSON.stringify(bad.body)).not.toContain(TEST_CARDS.badLuhn);
    const expiredBody = guestCheckoutBody(version);
    expiredBody.payment.card.expYear = 2026;
    expiredBody.payment.card.expMonth = 10;
    const expired = await checkout(token, newKey(), expiredBody);
    expect(expired.status).toBe(400);
    expect(expired.body.details.fields.card).toBe('The card has expired.');
  });

  it('CK-1: address and consent problems come back together, field by field; nothing is ordered', async () => {
    const token = await guestCart(app, STORE, [[skus[0]!]]);
    const body = guestCheckoutBody('2020-01-01');
    Object.assign(body.shippingAddress, { countryCode: 'US', region: '', postalCode: '', phone: 'call me' });
    body.email = 'not-an-email';
    const res = await checkout(token, newKey(), body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.details.fields).sort()).toEqual([
      'consent',
      'email',
      'phone',
      'postalCode',
      'region',
    ]);
    const unknownCountry = guestCheckoutBody(version);
    unknownCountry.shippingAddress.countryCode = 'ZZ';
    expect((await checkout(token, newKey(), unknownCountry)).body.details.fields).toEqual({
      countryCode: 'Choose a country from the list.',
    });
    const noKey = await api(app, 'POST', `/api/stores/${STORE}/checkout`, {
      headers: { 'x-cart-token': token },
      body: guestCheckoutBody(version),
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.message).toMatch(/idempotency-key/);
    const cart = await api(app, 'GET', `/api/stores/${STORE}/cart`, { headers: { 'x-cart-token': token } });
    expect(cart.body.units).toBe(1);
  });

  it('PV-3: fields the inventory does not declare (birth date, ID number) are dropped, never stored', async () => {
    const token = await guestCart(app, STORE, [[skus[1]!]]);
    const body = { ...guestCheckoutBody(version), birthDate: '1990-04-01', idNumber: 'X1234567-ID' };
    const res = await checkout(token, newKey(), body);
    expect(res.status).toBe(201);
    const dump = await dumpEveryTable();
    expect(dump).not.toContain('1990-04-01');
    expect(dump).not.toContain('X1234567-ID');
  });

  it('CK-2: a guest finds the order by number and e-mail; a wrong e-mail looks exactly like a wrong number', async () => {
    const token = await guestCart(app, STORE, [[skus[2]!]]);
    const placed = await checkout(token, newKey(), guestCheckoutBody(version));
    const number = placed.body.order.number as string;
    const found = await api(app, 'POST', `/api/stores/${STORE}/orders/lookup`, {
      body: {
        number: number.toLowerCase().replace(/-/g, ' '),
        email: `  ${PERSONAS.guest.email.toUpperCase()} `,
      },
    });
    expect(found.status).toBe(200);
    expect(found.body.order.number).toBe(number);
    const wrongEmail = await api(app, 'POST', `/api/stores/${STORE}/orders/lookup`, {
      body: { number, email: 'someone.else@example.net' },
    });
    const wrongNumber = await api(app, 'POST', `/api/stores/${STORE}/orders/lookup`, {
      body: { number: 'SKI-0000-0000', email: PERSONAS.guest.email },
    });
    expect(wrongEmail.status).toBe(404);
    expect(wrongNumber.status).toBe(404);
    expect(wrongEmail.body).toEqual(wrongNumber.body);
    const again = await api(app, 'GET', `/api/stores/${STORE}/orders/${number}`, {
      headers: { 'x-order-access': found.body.orderAccessToken },
    });
    expect(again.status).toBe(200);
    const stranger = await api(app, 'GET', `/api/stores/${STORE}/orders/${number}`, {
      headers: { 'x-order-access': 'a'.repeat(32) },
    });
    expect(stranger.status).toBe(404);
    // The same number in another store is another store's business.
    const elsewhere = await api(app, 'POST', `/api/stores/rugs/orders/lookup`, {
      body: { number, email: PERSONAS.guest.email },
    });
    expect(elsewhere.status).toBe(404);
  });

  it('SEC-1, PV-1: after real checkouts no table holds the e-mail, name, street, city, postal code or phone in plaintext; the vault reads them back', async () => {
    const dump = await dumpEveryTable();
    expect(dump).toContain('SKI-'); // the dump really holds the orders
    for (const value of [
      PERSONAS.guest.email,
      PERSONAS.guest.recipientName,
      PERSONAS.guest.line1,
      PERSONAS.guest.line2,
      PERSONAS.guest.city,
      PERSONAS.guest.postalCode,
      PERSONAS.guest.phone,
      TEST_CARDS.approved,
      TEST_CARDS.approved.slice(-8),
    ]) {
      expect(dump, value).not.toContain(value);
    }
    const token = await guestCart(app, STORE, [[skus[0]!]]);
    const placed = await checkout(token, newKey(), guestCheckoutBody(version));
    const read = await api(app, 'GET', `/api/stores/${STORE}/orders/${placed.body.order.number}`, {
      headers: { 'x-order-access': placed.body.orderAccessToken },
    });
    expect(read.body.order.contactEmail).toBe(PERSONAS.guest.email);
    expect(read.body.order.shipTo).toMatchObject({
      recipientName: PERSONAS.guest.recipientName,
      line1: PERSONAS.guest.line1,
      line2: PERSONAS.guest.line2,
      city: PERSONAS.guest.city,
      postalCode: PERSONAS.guest.postalCode,
      phone: PERSONAS.guest.phone,
      countryCode: 'GB',
    });
  });
});

/** Every row of every table of every tenant, as JSON text: what a stolen database copy would hold. */
async function dumpEveryTable(): Promise<string> {
  const tables = await queryRows<{ schema: string; table: string }>(
    app.database.db,
    sql`select table_schema as schema, table_name as "table" from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  expect(tables.map((t) => `${t.schema}.${t.table}`)).toContain('orders.shipping_address');
  const parts: string[] = [];
  for (const tenant of app.directory.all()) {
    await app.database.withTenant(tenant.id, async (db) => {
      for (const t of tables) {
        const rows = await queryRows<{ row: string }>(
          db,
          sql`select row_to_json(t)::text as row from ${sql.identifier(t.schema)}.${sql.identifier(t.table)} t`,
        );
        parts.push(...rows.map((r) => r.row));
      }
    });
  }
  return parts.join('\n');
}
