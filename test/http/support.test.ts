import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// CK-6, AC-3: cases linked to orders — the shopper asks, customer service answers (by e-mail and
// on the order), the queue shows no message, a late parcel opens a logistics case by itself.

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
const G = PERSONAS.guest;
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

describe(`CK-6: customer service cases (${ENGINE})`, () => {
  it('CK-6, AC-3: a guest asks about the order; customer service sees the queue without messages, opens the case, answers; the answer reaches the shopper by e-mail and on the order; the shopper writes again', async () => {
    const order = await makeOrder(app, 'skincare');
    const asGuest = { 'x-order-access': order.accessToken! };
    const question = 'Could you wrap it as a gift, please?';
    expect(
      (
        await api(app, 'POST', `/api/stores/skincare/orders/${order.number}/tickets`, {
          body: { topic: 'question', message: question },
        })
      ).status,
    ).toBe(404); // without the order's access: as if it did not exist
    const opened = await api(app, 'POST', `/api/stores/skincare/orders/${order.number}/tickets`, {
      headers: asGuest,
      body: { topic: 'question', message: question },
    });
    expect(opened.status).toBe(201);

    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const queue = await api(app, 'GET', '/api/admin/stores/skincare/tickets', { headers: cs });
    const listed = queue.body.tickets.find((t: { id: string }) => t.id === opened.body.id);
    expect(listed).toMatchObject({ orderNumber: order.number, topic: 'question', status: 'open' });
    expect(listed.messages).toBeUndefined();
    expect(JSON.stringify(queue.body)).not.toContain(question);

    const one = await api(app, 'GET', `/api/admin/stores/skincare/tickets/${opened.body.id}`, {
      headers: cs,
    });
    expect(one.body.messages).toEqual([expect.objectContaining({ from: 'shopper', body: question })]);
    const answer = 'Of course — it will be wrapped before it leaves.';
    const replied = await api(app, 'POST', `/api/admin/stores/skincare/tickets/${opened.body.id}/reply`, {
      headers: cs,
      body: { message: answer },
    });
    expect(replied.body).toMatchObject({ status: 'answered', assignedToMe: true });

    await app.deliverEvents();
    await app.deliverEvents();
    const mail = (await app.emulators!.mail!.messages('skincare')).find((m) => m.template === 'ticket_reply');
    expect(mail?.to).toEqual([G.email]);
    expect(mail?.text).toContain(answer);

    const mine = await api(app, 'GET', `/api/stores/skincare/orders/${order.number}/tickets`, {
      headers: asGuest,
    });
    expect(mine.body.tickets[0].messages.map((m: { from: string }) => m.from)).toEqual([
      'shopper',
      'customer service',
    ]);
    expect(
      (
        await api(
          app,
          'POST',
          `/api/stores/skincare/orders/${order.number}/tickets/${opened.body.id}/messages`,
          {
            headers: asGuest,
            body: { message: 'Thank you!' },
          },
        )
      ).status,
    ).toBe(204);
    const again = await api(app, 'GET', `/api/admin/stores/skincare/tickets/${opened.body.id}`, {
      headers: cs,
    });
    expect(again.body.status).toBe('open');

    for (const role of ['warehouse', 'operations', 'finance'] as const)
      expect(
        (
          await api(app, 'GET', '/api/admin/stores/skincare/tickets', {
            headers: await staffHeaders(app, clock, 'skincare', role),
          })
        ).status,
      ).toBe(403);
  });

  it('CK-4, CK-6: a parcel held up past the promised day is flagged late, opens a logistics case and tells the shopper', async () => {
    const order = await makeOrder(app, 'rugs');
    const shipped = await api(app, 'POST', `/api/admin/stores/rugs/orders/${order.number}/shipments`, {
      headers: await staffHeaders(app, clock, 'rugs', 'warehouse'),
    });
    await app.deliverEvents();
    const held = await fetch(
      `${app.origin}/emulators/carrier/parcels/${shipped.body.trackingNumber}/exception`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ detail: 'Held at customs: paperwork' }),
      },
    );
    expect(held.status).toBe(200);
    clock.advance(13 * 24 * 3_600_000);
    await app.scheduler.runNow('shipping.watch-deliveries');
    await app.deliverEvents();
    await app.deliverEvents();

    const cs = await staffHeaders(app, clock, 'rugs', 'customer_service');
    const queue = await api(app, 'GET', '/api/admin/stores/rugs/tickets', { headers: cs });
    expect(
      queue.body.tickets.some(
        (t: { orderNumber: string; topic: string }) =>
          t.orderNumber === order.number && t.topic === 'logistics',
      ),
    ).toBe(true);
    const parcels = await api(app, 'GET', '/api/admin/stores/rugs/shipments', { headers: cs });
    const parcel = parcels.body.parcels.find(
      (p: { trackingNumber: string }) => p.trackingNumber === shipped.body.trackingNumber,
    );
    expect(parcel).toMatchObject({ late: true, status: 'exception' });
    const mail = (await app.emulators!.mail!.messages('rugs')).find(
      (m) => m.template === 'parcel_delayed' && m.text.includes(order.number),
    );
    expect(mail?.to).toEqual([G.email]);
  });
});
