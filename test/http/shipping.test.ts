import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { terminateProcessor, listProcessors, registerProcessor } from '#modules/privacy';
import { signWebhook } from '../../src/emulators/tracking-emulator.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { advanceParcels } from '../support/emulators.ts';
import { PERSONAS } from '../support/personas.ts';

// CK-4, SH-5: the warehouse ships through the admin API; the carrier emulator (reached over real
// HTTP) gets only what a label needs; the tracking emulator gets nothing personal and reports
// scans back by signed webhook; emulated time delivers the parcel; mail really leaves over SMTP.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const G = PERSONAS.guest;
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- emulator dashboards answer free-form JSON
type Json = any;
const get = async (path: string) =>
  (await fetch(`${app.origin}${path}`)).json() as Promise<Record<string, Json>>;
const ship = async (
  store: string,
  number: string,
  role: 'warehouse' | 'customer_service' = 'warehouse',
  body: unknown = {},
) =>
  api(app, 'POST', `/api/admin/stores/${store}/orders/${number}/shipments`, {
    headers: await staffHeaders(app, clock, store, role),
    body,
  });
const advance = (hours: number) => advanceParcels(app, hours);
const labelRequests = async (number: string) =>
  ((await get('/emulators/carrier/requests')).requests as { path: string; body: Json }[]).filter(
    (r) => r.path === '/emulators/carrier/v1/labels' && r.body?.reference === number,
  );

describe(`CK-4, SH-5: shipping through the carrier and tracking emulators (${ENGINE})`, () => {
  it('CK-4, SH-5: shipping answers a tracking number; the carrier gets the address and a customs declaration and never the e-mail or what was paid in total; again: the same parcel', async () => {
    const order = await makeOrder(app, 'rugs', { quantity: 2 });
    const first = await ship('rugs', order.number, 'warehouse', { weightGrams: 2400 });
    expect(first.status).toBe(201);
    expect(first.body.trackingNumber).toMatch(/^EMU[0-9A-F]{10}X$/);
    expect(first.body.customsDeclared).toBe(true); // GB from a US warehouse
    const again = await ship('rugs', order.number);
    expect(again.status).toBe(200);
    expect(again.body.trackingNumber).toBe(first.body.trackingNumber);

    const sent = await labelRequests(order.number);
    expect(sent).toHaveLength(1); // the second call bought nothing
    const body = sent[0]!.body;
    expect(body.address).toMatchObject({
      name: G.recipientName,
      line1: G.line1,
      postal_code: G.postalCode,
      country_code: 'GB',
    });
    expect(body.customs.items[0]).toMatchObject({ hs_code: '5705.00', origin_country: 'CN', quantity: 2 });
    const text = JSON.stringify(body);
    expect(text).not.toContain(G.email);
    expect(text).not.toMatch(/total|subtotal|shipping_cents|email/i);

    const status = await app.inStore('rugs', (ctx) =>
      queryRows<{ status: string }>(
        ctx.db,
        sql`select status from orders."order" where number = ${order.number}`,
      ),
    );
    expect(status[0]!.status).toBe('shipped');
    const [disclosure] = await app.inStore('rugs', (ctx) =>
      queryRows<{ fields: string[] }>(
        ctx.db,
        sql`select fields from privacy.disclosure where recipient = 'carrier' and ref = ${order.number}`,
      ),
    );
    expect(disclosure!.fields).toContain('orders.shipping_address.recipient_name');
    expect(disclosure!.fields).not.toContain('orders.order.contact_email');
  });

  it('CK-4, SH-5: the tracking provider is told the tracking number, carrier, order number and callback — nothing personal — and its scans deliver the parcel in emulated time', async () => {
    const order = await makeOrder(app, 'skincare');
    const shipped = await ship('skincare', order.number);
    await app.deliverEvents();
    const registrations = ((await get('/emulators/tracking/requests')).requests as { body: Json }[]).filter(
      (r) => r.body?.tracking_number === shipped.body.trackingNumber,
    );
    expect(registrations).toHaveLength(1);
    expect(Object.keys(registrations[0]!.body).sort()).toEqual([
      'callback_url',
      'carrier',
      'order_ref',
      'tracking_number',
    ]);
    for (const value of [G.email, G.recipientName, G.line1, G.postalCode, G.phone])
      expect(JSON.stringify(registrations[0]!.body)).not.toContain(value);

    const track = () =>
      api(app, 'GET', `/api/stores/skincare/orders/${order.number}/tracking`, {
        headers: { 'x-order-access': order.accessToken! },
      });
    expect((await track()).body.parcels[0].status).toBe('label_created');
    await advance(24 * 2);
    const moving = (await track()).body;
    expect(moving.parcels[0].events.map((e: { kind: string }) => e.kind)).toEqual([
      'picked_up',
      'in_transit',
    ]);
    expect(moving.status).toBe('shipped');
    await advance(24 * 10);
    const done = (await track()).body;
    expect(done.status).toBe('delivered');
    expect(done.parcels[0].events.at(-1).kind).toBe('delivered');
    expect(done.parcels[0].deliveredAt).not.toBeNull();
    // Someone else cannot track it.
    expect((await api(app, 'GET', `/api/stores/skincare/orders/${order.number}/tracking`)).status).toBe(404);
  });

  it('CK-4: a webhook with a wrong or missing signature is refused and records nothing; a repeated scan is recorded once', async () => {
    const order = await makeOrder(app, 'fragrance');
    const shipped = await ship('fragrance', order.number);
    const body = JSON.stringify({
      event_id: `forged-${shipped.body.trackingNumber}`,
      tracking_number: shipped.body.trackingNumber,
      kind: 'delivered',
      occurred_at: clock.now().toISOString(),
      location: 'Nowhere',
    });
    const post = (signature?: string) =>
      app.http.inject({
        method: 'POST',
        url: '/api/webhooks/tracking/fragrance',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-tracking-signature': signature } : {}),
        },
        payload: body,
      });
    expect((await post()).statusCode).toBe(401);
    expect((await post(signWebhook('not-the-secret', body, clock.now()))).statusCode).toBe(401);
    const tracked = await api(app, 'GET', `/api/stores/fragrance/orders/${order.number}/tracking`, {
      headers: { 'x-order-access': order.accessToken! },
    });
    expect(tracked.body.status).toBe('shipped');
  });

  it('SH-5, SH-6: with the carrier terminated nothing reaches the carrier, the refusal is registered (503), and the order stays unshipped', async () => {
    const order = await makeOrder(app, 'fragrance');
    await app.inStore('fragrance', async (ctx) => {
      const carrier = (await listProcessors(ctx)).find((p) => p.kind === 'carrier' && p.state === 'active')!;
      await terminateProcessor(ctx, carrier.id, 'test: agreement ended');
    });
    const refused = await ship('fragrance', order.number);
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/carrier/);
    expect(await labelRequests(order.number)).toHaveLength(0);
    const rows = await app.inStore('fragrance', (ctx) =>
      queryRows<{ outcome: string; status: string }>(
        ctx.db,
        sql`select d.outcome, o.status from privacy.disclosure d join orders."order" o on o.number = d.ref where d.recipient = 'carrier' and d.ref = ${order.number}`,
      ),
    );
    expect(rows).toEqual([{ outcome: 'refused', status: 'paid' }]);
  });

  it('SH-5: a carrier whose agreement leaves out the town and postal code is refused the whole label, not sent a smaller one', async () => {
    const order = await makeOrder(app, 'fragrance');
    await app.inStore('fragrance', (ctx) =>
      registerProcessor(ctx, {
        kind: 'carrier',
        name: 'Narrow Carrier',
        purpose: 'fulfilment',
        agreementRef: 'test',
        fields: [
          'orders.shipping_address.recipient_name',
          'orders.shipping_address.street_line1',
          'order_ref',
        ],
      }),
    );
    const refused = await ship('fragrance', order.number);
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain('orders.shipping_address.postal_code');
    expect(await labelRequests(order.number)).toHaveLength(0);
  });

  it('CK-4: customer service may not ship (403); a cancelled-or-unknown order is refused', async () => {
    const order = await makeOrder(app, 'rugs');
    expect((await ship('rugs', order.number, 'customer_service')).status).toBe(403);
    expect((await ship('rugs', 'RUG-XXXX-XXXX')).status).toBe(404);
    expect((await ship('rugs', order.number, 'warehouse', { weightGrams: 0 })).status).toBe(400);
  });

  it('CK-4: the shipped e-mail really leaves over SMTP, with the tracking number and link, from the order confirmation onwards', async () => {
    const order = await makeOrder(app, 'rugs');
    const shipped = await ship('rugs', order.number);
    await app.deliverEvents();
    await app.deliverEvents();
    const caught = await app.emulators!.mail!.messages('rugs');
    const mail = caught.find((m) => m.template === 'order_shipped' && m.text.includes(order.number));
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual([G.email]);
    expect(mail!.subject).toBe('Your order is on its way');
    expect(mail!.text).toContain(shipped.body.trackingNumber);
    expect(mail!.text).toContain(`/orders/${order.number}/tracking`);
    expect(caught.some((m) => m.template === 'order_confirmation' && m.text.includes(order.number))).toBe(
      true,
    );
    const [relay] = await app.inStore('rugs', (ctx) =>
      queryRows<{ fields: string[] }>(
        ctx.db,
        sql`select fields from privacy.disclosure where recipient = 'email_relay' and outcome = 'released' limit 1`,
      ),
    );
    expect(relay!.fields.sort()).toEqual([
      'notifications.outbox.body',
      'notifications.outbox.recipient',
      'notifications.outbox.template',
    ]);
  });
});
