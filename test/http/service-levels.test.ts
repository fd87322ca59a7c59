import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders, type MadeOrder } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { letTimePass } from '../support/emulators.ts';

// CK-7, AC-4: the operations dashboard's promises kept — processing and delivery on time and the
// return rate — as aggregates only: behind fewer than 5 people nothing is shown.

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const report = async (role: 'operations' | 'warehouse' = 'operations') =>
  api(app, 'GET', '/api/admin/stores/fragrance/reports/service', {
    headers: await staffHeaders(app, clock, 'fragrance', role),
  });

describe(`CK-7: service levels and return rate (${ENGINE})`, () => {
  it('CK-7, AC-4: four shoppers are too few to show; the fifth makes processing, delivery and returns appear as shares, with no person in them', async () => {
    const orders: MadeOrder[] = [];
    const ship = async () => {
      const order = await makeOrder(app, 'fragrance');
      const res = await api(app, 'POST', `/api/admin/stores/fragrance/orders/${order.number}/shipments`, {
        headers: await staffHeaders(app, clock, 'fragrance', 'warehouse'),
      });
      expect(res.status).toBe(201);
      orders.push(order);
    };
    for (let i = 0; i < 4; i++) await ship();
    const few = await report();
    expect(few.status).toBe(200);
    expect(few.body.serviceLevels.rows).toEqual([]);
    expect(few.body.serviceLevels.suppressedGroups).toBe(2);

    await ship();
    await letTimePass(app, clock, 24 * 10); // the parcels arrive on the emulated carrier's schedule
    // One of the five comes back.
    const found = await api(app, 'POST', '/api/stores/fragrance/orders/lookup', {
      body: { number: orders[0]!.number, email: 'marisol.quenby@example.net' },
    });
    const sku = found.body.order.lines[0].sku as string;
    const back = await api(app, 'POST', `/api/stores/fragrance/orders/${orders[0]!.number}/returns`, {
      headers: { 'x-order-access': found.body.orderAccessToken as string },
      body: { lines: [{ sku, quantity: 1 }], reason: 'changed_mind' },
    });
    expect(back.status).toBe(201);

    const shown = await report();
    expect(shown.body.serviceLevels.rows).toEqual([
      { measure: 'processing', orders: 5, onTime: 5, percent: 100 },
      { measure: 'delivery', orders: 5, onTime: 5, percent: 100 },
    ]);
    expect(shown.body.returnRate.rows).toEqual([
      { period: 'last 30 days', deliveredOrders: 5, returnedOrders: 1, percent: 20 },
    ]);
    expect(JSON.stringify(shown.body)).not.toMatch(/gst_|cus_|@/);
    expect((await report('warehouse')).status).toBe(403);
  });
});
