import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import { changeOrderStatus } from '#modules/orders';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';

// CK-4 (issue 13, item 4 in part): the shopper can change the recipient address until the order
// ships, and not after (a clear message); the new address follows its country's rules and is sealed.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const NEW_ADDRESS = {
  recipientName: 'Marisol Quenby',
  line1: '88 Orchard Street',
  city: 'New York',
  region: 'New York',
  postalCode: '10002',
  countryCode: 'US',
};

const change = (number: string, access: string | undefined, body: object) =>
  api(app, 'PUT', `/api/stores/skincare/orders/${number}/shipping-address`, {
    headers: access ? { 'x-order-access': access } : {},
    body,
  });

describe(`CK-4: changing the delivery address until the order ships (${ENGINE})`, () => {
  it('CK-4: the guest with the order’s access changes the address; it is checked by country, stored sealed and audited', async () => {
    const order = await makeOrder(app, 'skincare');
    const res = await change(order.number, order.accessToken, NEW_ADDRESS);
    expect(res.status).toBe(200);
    expect(res.body.order.shipTo).toMatchObject({
      city: 'New York',
      region: 'NY',
      postalCode: '10002',
      countryCode: 'US',
    });
    // Sealed at rest: the plaintext is nowhere in the address row.
    const [row] = await app.inStore('skincare', (ctx) =>
      queryRows<Record<string, string>>(
        ctx.db,
        sql`select a.* from orders.shipping_address a join orders."order" o on o.id = a.order_id where o.number = ${order.number}`,
      ),
    );
    expect(JSON.stringify(row)).not.toContain('Orchard');
    const [event] = await app.inStore('skincare', (ctx) =>
      queryRows<{ fields: string[] }>(
        ctx.db,
        sql`select fields from privacy.audit_event where action = 'change' and table_name = 'orders.shipping_address' and detail->>'order' = ${order.number}`,
      ),
    );
    expect(event!.fields).toContain('street_line1');

    const bad = await change(order.number, order.accessToken, { ...NEW_ADDRESS, postalCode: 'SW1A 1AA' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.postalCode).toContain('ZIP code');
  });

  it('CK-4: without the order’s access (or as another shopper) the order is "not found", as if it did not exist', async () => {
    const order = await makeOrder(app, 'skincare');
    expect((await change(order.number, undefined, NEW_ADDRESS)).status).toBe(404);
    const other = await makeOrder(app, 'skincare');
    expect((await change(order.number, other.accessToken, NEW_ADDRESS)).status).toBe(404);
  });

  it('CK-4: once the order has shipped the address can no longer be changed, with a plain reason, and stays as it was', async () => {
    const order = await makeOrder(app, 'skincare');
    await app.inStore('skincare', async (ctx) => {
      const [o] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select id from orders."order" where number = ${order.number}`,
      );
      await changeOrderStatus(ctx, o!.id, 'processing');
      await changeOrderStatus(ctx, o!.id, 'shipped');
    });
    const refused = await change(order.number, order.accessToken, NEW_ADDRESS);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('has already shipped');
    const shown = await api(app, 'GET', `/api/stores/skincare/orders/${order.number}`, {
      headers: { 'x-order-access': order.accessToken! },
    });
    expect(shown.body.order.shipTo.city).not.toBe('New York');
  });
});
