import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import type { StaffRole } from '#platform/actor.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// AC-1..AC-6: after a real order, every role fetches the admin order list and detail; the
// shopper's values that appear are exactly those the inventory lets the role see.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let orderNumber: string;
const G = PERSONAS.guest;
const ADDRESS_VALUES = [G.recipientName, G.line1, G.line2, G.city, G.postalCode, G.phone];
/** What a packer needs on the label; the phone is for the carrier's delivery contact, not the packer. */
const PARCEL_VALUES = [G.recipientName, G.line1, G.line2, G.city, G.postalCode];

async function seen(role: StaffRole) {
  const headers = await staffHeaders(app, clock, 'skincare', role);
  const list = await api(app, 'GET', '/api/admin/stores/skincare/orders', { headers });
  const detail = await api(app, 'GET', `/api/admin/stores/skincare/orders/${orderNumber}`, { headers });
  return { list, detail, text: JSON.stringify([list.body, detail.body]) };
}

beforeAll(async () => {
  app = await createTestApp({ clock });
  orderNumber = (await makeOrder(app, 'skincare')).number;
  expect(orderNumber).toBeTruthy();
});
afterAll(() => app.close());

describe(`AC-1..AC-6: role views of an order in the admin API (${ENGINE})`, () => {
  it('AC-2: warehouse sees the parcel address and the items, never the e-mail, the phone or the amounts', async () => {
    const { detail, text } = await seen('warehouse');
    expect(detail.status).toBe(200);
    for (const v of PARCEL_VALUES) expect(text).toContain(v);
    expect(text).not.toContain(G.phone);
    expect(detail.body.lines.length).toBeGreaterThan(0);
    expect(text).not.toContain(G.email);
    expect(detail.body.totalCents).toBeUndefined();
  });

  it('AC-3: customer service sees numbers, statuses, totals and only masked contact and address', async () => {
    const { list, detail, text } = await seen('customer_service');
    expect(list.body.orders.some((o: { number: string }) => o.number === orderNumber)).toBe(true);
    expect(detail.body.totalCents).toBeGreaterThan(0);
    expect(detail.body.contactEmail).toMatch(/•/);
    for (const v of [G.email, G.recipientName, G.line1, G.postalCode, G.phone]) expect(text).not.toContain(v);
  });

  it('AC-5: finance sees amounts, no name, address or e-mail', async () => {
    const { detail, text } = await seen('finance');
    expect(detail.body.totalCents).toBeGreaterThan(0);
    for (const v of [G.email, ...ADDRESS_VALUES]) expect(text).not.toContain(v);
  });

  it('AC-4: operations sees no individual order at all', async () => {
    const { list, detail, text } = await seen('operations');
    expect(list.status).toBe(403);
    expect(detail.status).toBe(403);
    for (const v of [G.email, ...ADDRESS_VALUES]) expect(text).not.toContain(v);
  });

  it('AC-6: compliance sees what the inventory gives it; the owner only the masked or permitted views', async () => {
    const compliance = await seen('compliance');
    expect(compliance.text).toContain(G.email);
    const owner = await seen('owner');
    expect(owner.detail.status).toBe(200);
    for (const v of [G.email, ...ADDRESS_VALUES]) expect(owner.text).not.toContain(v);
  });
});
