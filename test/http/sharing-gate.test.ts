import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import { FixedClock } from '#platform/clock.ts';
import type { StaffRole } from '#platform/actor.ts';
import type { TestCardProcessor } from '#modules/payments';
import { checkShare, listProcessors, recordShare, terminateProcessor } from '#modules/privacy';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import {
  anotherShopper,
  api,
  guestCart,
  guestCheckoutBody,
  policyVersion,
  skusInStock,
  stockOf,
} from '../support/shop-api.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';

// Issue 13, item 1 (SH-1..6): every outbound share passes one gate that checks the recipient's
// register entry and the inventory, records a disclosure (field names, never values) and an audit
// event; terminating a processor stops its flows at once. The payment provider is the first flow.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let compliance: { authorization: string };
beforeAll(async () => {
  app = await createTestApp({ clock });
  compliance = await staffHeaders(app, clock, 'rugs', 'compliance');
});
afterAll(() => app.close());

const disclosures = async (query = '') =>
  (await api(app, 'GET', `/api/admin/stores/rugs/disclosures${query}`, { headers: compliance })).body
    .disclosures as {
    recipient: string;
    purpose: string;
    fields: string[];
    outcome: string;
    reason: string | null;
    ref: string | null;
    processorId: string | null;
  }[];
const charges = () => app.inStore('rugs', async (ctx) => (ctx.payments as TestCardProcessor).listCharges());

describe(`SH-1..6: the sharing gate, the processor register and the disclosure register (${ENGINE})`, () => {
  it('SH-2, SH-5: a checkout shares only the payment fields with the payment provider, recorded by name in the disclosure register', async () => {
    const order = await makeOrder(app, 'rugs');
    const [entry] = await disclosures(`?ref=${order.number}`);
    expect(entry).toMatchObject({
      recipient: 'payment_provider',
      purpose: 'payment',
      outcome: 'released',
      ref: order.number,
      fields: ['amount_cents', 'currency', 'order_ref', 'payment_card', 'settlement_ref'],
    });
    // Names, never values: nothing of the shopper's or the card's is in the register.
    const raw = JSON.stringify(await disclosures());
    for (const value of [PERSONAS.guest.email, PERSONAS.guest.recipientName, TEST_CARDS.approved, '4242'])
      expect(raw).not.toContain(value);
    // And an audit event of the share, naming the recipient and the disclosure.
    const events = await app.inStore('rugs', (ctx) =>
      queryRows<{ fields: string[]; detail: Record<string, string> }>(
        ctx.db,
        sql`select fields, detail from privacy.audit_event where action = 'share' and detail->>'ref' = ${order.number}`,
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ recipient: 'payment_provider', outcome: 'released' });
  });

  it('SH-6: terminating the payment provider stops payments at once: checkout is refused (503), nothing is charged or ordered, and the refusal is registered', async () => {
    const processors = (await api(app, 'GET', '/api/admin/stores/rugs/processors', { headers: compliance }))
      .body.processors as { id: string; kind: string; state: string }[];
    const payment = processors.find((p) => p.kind === 'payment_provider' && p.state === 'active')!;
    expect(payment).toBeDefined();
    const ended = await api(app, 'POST', `/api/admin/stores/rugs/processors/${payment.id}/terminate`, {
      headers: compliance,
      body: { reason: 'Agreement ended (test)' },
    });
    expect(ended.status).toBe(204);

    const [sku] = await skusInStock(app, 'rugs', 1);
    const stockBefore = await stockOf(app, 'rugs', sku!);
    const chargesBefore = (await charges()).length;
    const token = await guestCart(app, 'rugs', [[sku!, 1]]);
    const refused = await api(app, 'POST', '/api/stores/rugs/checkout', {
      ip: anotherShopper(),
      headers: { 'x-cart-token': token, 'idempotency-key': `gate-${randomUUID()}` },
      body: guestCheckoutBody(await policyVersion(app, 'rugs')),
    });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain('payment provider');
    expect((await charges()).length).toBe(chargesBefore);
    expect(await stockOf(app, 'rugs', sku!)).toBe(stockBefore);
    const [last] = await disclosures('?outcome=refused');
    expect(last).toMatchObject({ recipient: 'payment_provider', outcome: 'refused', processorId: null });
    expect(last!.reason).toContain('no active payment provider');

    // Terminating twice is a conflict; the register keeps the terminated entry.
    const again = await api(app, 'POST', `/api/admin/stores/rugs/processors/${payment.id}/terminate`, {
      headers: compliance,
      body: { reason: 'again' },
    });
    expect(again.status).toBe(409);

    // Registering a provider again — only with fields the inventory declares shareable with it.
    const overreaching = await api(app, 'POST', '/api/admin/stores/rugs/processors', {
      headers: compliance,
      body: {
        kind: 'payment_provider',
        name: 'Acme Payments',
        purpose: 'payment',
        agreementRef: 'DPA-2026-114',
        fields: ['amount_cents', 'currency', 'orders.order.contact_email'],
      },
    });
    expect(overreaching.status).toBe(400);
    expect(overreaching.body.message).toContain('orders.order.contact_email');
    const registered = await api(app, 'POST', '/api/admin/stores/rugs/processors', {
      headers: compliance,
      body: {
        kind: 'payment_provider',
        name: 'Acme Payments',
        purpose: 'payment',
        agreementRef: 'DPA-2026-114',
        fields: ['payment_card', 'amount_cents', 'currency', 'order_ref', 'settlement_ref'],
      },
    });
    expect(registered.status).toBe(201);
    const order = await makeOrder(app, 'rugs');
    const [entry] = await disclosures(`?ref=${order.number}`);
    expect(entry).toMatchObject({ outcome: 'released', processorId: registered.body.id });
  });

  it('SH-1, SH-5: a payload with a field outside the agreement is refused before anything is sent; a carrier never gets the e-mail', async () => {
    await app.inStore('rugs', async (ctx) => {
      // With the demo carrier's agreement ended, no carrier is active: nothing may go to one.
      const demo = (await listProcessors(ctx)).find((p) => p.kind === 'carrier' && p.state === 'active');
      await terminateProcessor(ctx, demo!.id, 'test: replaced by Parcel Co');
      const none = await checkShare(ctx, {
        recipient: 'carrier',
        purpose: 'fulfilment',
        fields: ['orders.shipping_address.city'],
      });
      expect(none).toMatchObject({ released: false });
    });
    const carrier = await api(app, 'POST', '/api/admin/stores/rugs/processors', {
      headers: compliance,
      body: {
        kind: 'carrier',
        name: 'Parcel Co',
        purpose: 'fulfilment',
        agreementRef: 'DPA-PARCEL-7',
        fields: ['orders.shipping_address.recipient_name', 'orders.shipping_address.city', 'order_ref'],
      },
    });
    expect(carrier.status).toBe(201);
    await app.inStore('rugs', async (ctx) => {
      const withEmail = await checkShare(ctx, {
        recipient: 'carrier',
        purpose: 'fulfilment',
        fields: ['orders.shipping_address.city', 'orders.order.contact_email'],
      });
      expect(withEmail.released).toBe(false);
      if (!withEmail.released) expect(withEmail.reason).toContain('orders.order.contact_email');
      const wrongPurpose = await checkShare(ctx, {
        recipient: 'carrier',
        purpose: 'payment',
        fields: ['order_ref'],
      });
      expect(wrongPurpose.released).toBe(false);
      const fine = await checkShare(ctx, {
        recipient: 'carrier',
        purpose: 'fulfilment',
        fields: ['orders.shipping_address.city', 'order_ref'],
      });
      expect(fine.released).toBe(true);
      // The permit carries exactly the checked fields; anything else is a programming error.
      if (fine.released) {
        await expect(
          recordShare(ctx, fine, { ref: 'X', payload: { order_ref: 'X', extra: 1 } as never }),
        ).rejects.toThrow(/differ from the checked/);
        const permit = await recordShare(ctx, fine, {
          ref: 'PLG-TEST',
          payload: { 'orders.shipping_address.city': 'Tillingbourne', order_ref: 'PLG-TEST' },
        });
        expect(Object.isFrozen(permit.payload)).toBe(true);
      }
    });
  });

  it('AC-1: only the owner and compliance see or change the registers (403 for the other roles)', async () => {
    for (const role of ['warehouse', 'customer_service', 'operations', 'finance'] as StaffRole[]) {
      const headers = await staffHeaders(app, clock, 'rugs', role);
      for (const [method, url] of [
        ['GET', '/api/admin/stores/rugs/processors'],
        ['GET', '/api/admin/stores/rugs/disclosures'],
      ] as const)
        expect((await api(app, method, url, { headers })).status, `${role} ${url}`).toBe(403);
    }
    const owner = await staffHeaders(app, clock, 'rugs', 'owner');
    expect((await api(app, 'GET', '/api/admin/stores/rugs/disclosures', { headers: owner })).status).toBe(
      200,
    );
  });

  it('SH-6: a termination committed by another process, not yet heard here, still stops the payment (the disclosure is written only while the processor is active)', async () => {
    await makeOrder(app, 'rugs'); // this process now holds the active provider in its cache
    // What another process's termination looks like from here before its notification arrives.
    await app.inStore('rugs', (ctx) =>
      queryRows(
        ctx.db,
        sql`update privacy.processor set state = 'terminated', terminated_at = now(), termination_reason = 'elsewhere' where kind = 'payment_provider' and state = 'active' returning id`,
      ),
    );
    const chargesBefore = (await charges()).length;
    const [sku] = await skusInStock(app, 'rugs', 1);
    const token = await guestCart(app, 'rugs', [[sku!, 1]]);
    const refused = await api(app, 'POST', '/api/stores/rugs/checkout', {
      ip: anotherShopper(),
      headers: { 'x-cart-token': token, 'idempotency-key': `gate-${randomUUID()}` },
      body: guestCheckoutBody(await policyVersion(app, 'rugs')),
    });
    expect(refused.status).toBe(503);
    expect(refused.body.message).toContain('was terminated');
    expect((await charges()).length).toBe(chargesBefore);
    const [last] = await disclosures('?outcome=refused');
    expect(last!.reason).toContain('was terminated');
  });
});
