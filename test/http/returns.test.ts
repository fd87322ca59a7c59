import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders, type MadeOrder } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { advanceParcels } from '../support/emulators.ts';
import { PERSONAS } from '../support/personas.ts';

// CK-5, SH-2: returns within the window with a free label, receipt by the carrier's scan, the
// refund review clock in working days, refunds through the gate that never exceed what was paid.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const G = PERSONAS.guest;
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const DAY = 24 * 3600_000;
const advanceWorld = (hours: number) => advanceParcels(app, hours);

/** A guest order of two units, shipped and delivered. */
async function deliveredOrder(store: string): Promise<MadeOrder & { sku: string }> {
  const order = await makeOrder(app, store, { quantity: 2 });
  const shipped = await api(app, 'POST', `/api/admin/stores/${store}/orders/${order.number}/shipments`, {
    headers: await staffHeaders(app, clock, store, 'warehouse'),
  });
  expect(shipped.status).toBe(201);
  await app.deliverEvents();
  await advanceWorld(24 * 10);
  const view = await api(app, 'GET', `/api/stores/${store}/orders/${order.number}`, {
    headers: { 'x-order-access': order.accessToken! },
  });
  expect(view.body.order.status).toBe('delivered');
  return { ...order, sku: view.body.order.lines[0].sku as string };
}

const requestReturn = (store: string, order: MadeOrder, body: unknown) =>
  api(app, 'POST', `/api/stores/${store}/orders/${order.number}/returns`, {
    headers: { 'x-order-access': order.accessToken! },
    body,
  });

describe(`CK-5: returns and refunds (${ENGINE})`, () => {
  it('CK-5, SH-2, SH-5: a return gets a free label; the carrier scan receives it and starts a review clock of ten working days (weekends and the store holiday skipped); finance refunds once, through the gate, never more than was paid; the shopper sees each step and gets the e-mails', async () => {
    const order = await deliveredOrder('rugs');
    expect(
      (await requestReturn('rugs', order, { lines: [{ sku: order.sku, quantity: 3 }], reason: 'wrong_size' }))
        .status,
    ).toBe(409);
    expect(
      (await requestReturn('rugs', order, { lines: [{ sku: order.sku, quantity: 1 }], reason: 'because' }))
        .status,
    ).toBe(400);
    const made = await requestReturn('rugs', order, {
      lines: [{ sku: order.sku, quantity: 1 }],
      reason: 'wrong_size',
      note: 'Too small for the hallway',
    });
    expect(made.status).toBe(201);
    expect(made.body.trackingNumber).toMatch(/^EMU/);
    const returnId = made.body.id as string;
    const returnLabel = app
      .emulators!.carrier.all()
      .find(
        (r) =>
          r.path === '/emulators/carrier/v1/labels' &&
          (r.body as { direction?: string }).direction === 'return',
      );
    expect(JSON.stringify(returnLabel?.body)).toContain(G.line1);
    expect(JSON.stringify(returnLabel?.body)).not.toContain(G.email);

    const steps = async () =>
      (
        await api(app, 'GET', `/api/stores/rugs/orders/${order.number}/returns`, {
          headers: { 'x-order-access': order.accessToken! },
        })
      ).body.returns[0];
    expect((await steps()).status).toBe('requested');
    // A second return of the same unit count is refused: one unit is left.
    expect(
      (await requestReturn('rugs', order, { lines: [{ sku: order.sku, quantity: 2 }], reason: 'other' }))
        .status,
    ).toBe(409);

    await advanceWorld(24 * 5); // the return parcel reaches the warehouse
    const received = await steps();
    expect(received.status).toBe('received');
    // Received on Monday 23 November: ten working days, skipping the weekends and Thanksgiving
    // (26 November, a store holiday), end on Tuesday 8 December, at midnight in New York.
    expect(received.receivedAt.slice(0, 10)).toBe('2026-11-23');
    expect(received.reviewDueBy).toBe('2026-12-09T04:59:59.999Z');

    const finance = await staffHeaders(app, clock, 'rugs', 'finance');
    const refund = (body: unknown) =>
      api(app, 'POST', `/api/admin/stores/rugs/returns/${returnId}/refund`, { headers: finance, body });
    expect((await refund({ amountCents: received.valueCents + 1 })).status).toBe(409);
    const warehouse = await staffHeaders(app, clock, 'rugs', 'warehouse');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/rugs/returns/${returnId}/refund`, {
          headers: warehouse,
          body: {},
        })
      ).status,
    ).toBe(403);
    const done = await refund({});
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('refunded');
    expect(done.body.refundedCents).toBe(received.valueCents);
    expect((await refund({})).body.refundedCents).toBe(received.valueCents); // again: the same refund

    const ledger = await app.inStore('rugs', (ctx) =>
      queryRows<{ kind: string; amount_cents: number }>(
        ctx.db,
        sql`select l.kind, l.amount_cents from payments.ledger_entry l join orders."order" o on o.id = l.order_id where o.number = ${order.number} order by l.created_at`,
      ),
    );
    expect(ledger.filter((l) => l.kind === 'refund').map((l) => l.amount_cents)).toEqual([
      -received.valueCents,
    ]);
    const [shared] = await app.inStore('rugs', (ctx) =>
      queryRows<{ fields: string[] }>(
        ctx.db,
        sql`select fields from privacy.disclosure where recipient = 'payment_provider' and ref = ${order.number} and 'payments.ledger_entry.provider_ref' = any(fields)`,
      ),
    );
    expect(shared!.fields.sort()).toEqual([
      'amount_cents',
      'currency',
      'order_ref',
      'payments.ledger_entry.provider_ref',
    ]);
    expect((await steps()).status).toBe('refunded');
    await app.deliverEvents();
    const mail = await app.emulators!.mail!.messages('rugs');
    expect(mail.some((m) => m.template === 'return_label' && m.text.includes(order.number))).toBe(true);
    expect(mail.some((m) => m.template === 'refund_issued' && m.text.includes(order.number))).toBe(true);
  });

  it('CK-5: a received return not decided in time is flagged late to finance and customer service; the window closes 60 days after delivery', async () => {
    const order = await deliveredOrder('skincare');
    const made = await requestReturn('skincare', order, {
      lines: [{ sku: order.sku, quantity: 1 }],
      reason: 'damaged',
    });
    expect(made.status).toBe(201);
    const warehouse = await staffHeaders(app, clock, 'skincare', 'warehouse');
    const received = await api(app, 'POST', `/api/admin/stores/skincare/returns/${made.body.id}/receive`, {
      headers: warehouse,
    });
    expect(received.body.status).toBe('received');
    clock.advance(16 * DAY); // past ten working days
    await app.scheduler.runNow('returns.watch-reviews');
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const list = await api(app, 'GET', '/api/admin/stores/skincare/returns', { headers: cs });
    expect(list.body.late).toBeGreaterThanOrEqual(1);
    const mine = list.body.returns.find((r: { id: string }) => r.id === made.body.id);
    expect(mine.reviewLate).toBe(true);
    expect(mine.note).toBeNull();

    clock.advance(50 * DAY); // 66 days after delivery
    // The 24-hour access has long expired: the guest finds the order again first.
    const expired = await requestReturn('skincare', order, {
      lines: [{ sku: order.sku, quantity: 1 }],
      reason: 'other',
    });
    expect(expired.status).toBe(404);
    const found = await api(app, 'POST', '/api/stores/skincare/orders/lookup', {
      body: { number: order.number, email: G.email },
    });
    expect(found.status).toBe(200);
    const again = { ...order, accessToken: found.body.orderAccessToken as string };
    const late = await requestReturn('skincare', again, {
      lines: [{ sku: order.sku, quantity: 1 }],
      reason: 'other',
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('60-day return window');
  });
});
