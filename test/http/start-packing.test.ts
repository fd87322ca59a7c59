import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { changeOrderStatus } from '#modules/orders';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';

// CK-3: the warehouse starts packing (paid → processing), recorded with its role; a shipped or
// cancelled order has nothing to pack; other roles may not.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const start = async (number: string, role: 'warehouse' | 'customer_service' = 'warehouse') =>
  api(app, 'POST', `/api/admin/stores/rugs/orders/${number}/start-packing`, {
    headers: await staffHeaders(app, clock, 'rugs', role),
  });

describe(`CK-3: starting to pack (${ENGINE})`, () => {
  it('CK-3: the warehouse moves a paid order to processing once (again: no change), recorded with its role', async () => {
    const order = await makeOrder(app, 'rugs');
    const first = await start(order.number);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('processing');
    expect((await start(order.number)).body.status).toBe('processing');
    const history = await app.inStore('rugs', (ctx) =>
      queryRows<{ to_status: string; actor: string }>(
        ctx.db,
        sql`select s.to_status, s.actor from orders.status_change s join orders."order" o on o.id = s.order_id where o.number = ${order.number} order by s.at, s.to_status`,
      ),
    );
    expect(history.filter((h) => h.to_status === 'processing')).toEqual([
      { to_status: 'processing', actor: 'staff:warehouse' },
    ]);
  });

  it('CK-3: a shipped order has nothing to pack (409); customer service may not start packing (403); an unknown number is 404', async () => {
    const order = await makeOrder(app, 'rugs');
    await app.inStore('rugs', async (ctx) => {
      const [o] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select id from orders."order" where number = ${order.number}`,
      );
      await changeOrderStatus(ctx, o!.id, 'processing');
      await changeOrderStatus(ctx, o!.id, 'shipped');
    });
    const shipped = await start(order.number);
    expect(shipped.status).toBe(409);
    expect(shipped.body.message).toContain('nothing to pack');
    expect((await start(order.number, 'customer_service')).status).toBe(403);
    expect((await start('RUG-XXXX-XXXX')).status).toBe(404);
  });
});
