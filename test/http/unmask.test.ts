import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { findAuditEvents } from '#modules/privacy';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// AC-3, AC-6, AU-1: customer service sees an order's contact masked, and may unmask one field of
// the order at hand with a reason and a case reference — audited, and limited per hour.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let number: string;
const G = PERSONAS.guest;

const unmask = (headers: Record<string, string>, body: Record<string, unknown>, order = number) =>
  api(app, 'POST', `/api/admin/stores/skincare/orders/${order}/unmask`, { headers, body });

beforeAll(async () => {
  app = await createTestApp({ clock });
  number = (await makeOrder(app, 'skincare')).number;
});
afterAll(() => app.close());

describe(`AC-3: customer service unmasks one field with a reason (${ENGINE})`, () => {
  it('AC-3, AU-1: the masked e-mail is shown in clear once asked for, and the unmask is audited without the value', async () => {
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const detail = await api(app, 'GET', `/api/admin/stores/skincare/orders/${number}`, { headers: cs });
    expect(detail.body.contactEmail).not.toBe(G.email);
    const res = await unmask(cs, {
      field: 'contact_email',
      reason: 'delivery_problem',
      reference: 'CASE-1042',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ field: 'contact_email', value: G.email });
    expect(res.headers['cache-control']).toBe('no-store');

    const events = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, { action: 'unmask' }));
    expect(events[0]).toMatchObject({
      action: 'unmask',
      role: 'customer_service',
      tableName: 'orders.order',
      fields: ['contact_email'],
      purpose: 'customer_service',
      detail: { reason: 'delivery_problem', case: 'CASE-1042' },
    });
    expect(events[0]!.actor).toMatch(/^staff:stf_/);
    expect(JSON.stringify(events)).not.toContain(G.email);
  });

  it('AC-3: an address field is unmasked alone; the others stay masked', async () => {
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const res = await unmask(cs, {
      field: 'postal_code',
      reason: 'delivery_problem',
      reference: 'CASE-1043',
    });
    expect(res.body.value).toBe(G.postalCode);
    expect(JSON.stringify(res.body)).not.toContain(G.line1);
  });

  it('AC-2, AC-4, AC-5: no other role may unmask', async () => {
    for (const role of ['warehouse', 'finance', 'operations', 'owner', 'compliance'] as const) {
      const headers = await staffHeaders(app, clock, 'skincare', role);
      const res = await unmask(headers, { field: 'contact_email', reason: 'complaint', reference: 'CASE-1' });
      expect(res.status, role).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain(G.email);
    }
    const anonymous = await unmask({}, { field: 'contact_email', reason: 'complaint', reference: 'CASE-1' });
    expect(anonymous.status).toBe(401);
  });

  it('AC-3: a missing or free-text reason, a reference with a name in it, or an unknown field is refused precisely', async () => {
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ field: 'contact_email', reference: 'CASE-1' }, /reason/],
      [{ field: 'contact_email', reason: 'she asked nicely', reference: 'CASE-1' }, /reason/],
      [{ field: 'contact_email', reason: 'complaint', reference: 'Ada Quill called' }, /reference/],
      [{ field: 'password', reason: 'complaint', reference: 'CASE-1' }, /field/],
    ];
    for (const [body, message] of cases) {
      const res = await unmask(cs, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
    const unknown = await unmask(
      cs,
      { field: 'city', reason: 'complaint', reference: 'CASE-2' },
      'SKN-000000',
    );
    expect(unknown.status).toBe(404);
  });

  it('AC-3: at most 10 unmasks per staff user per hour, then 429 until the hour has passed', async () => {
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    let answered = 0;
    let refused = 0;
    for (let i = 0; i < 12; i++) {
      const res = await unmask(cs, {
        field: 'city',
        reason: 'return_or_refund',
        reference: `CASE-${2000 + i}`,
      });
      if (res.status === 200) answered++;
      else if (res.status === 429) refused++;
    }
    // Two were spent by the earlier tests in this hour (same demo user).
    expect(answered).toBe(8);
    expect(refused).toBe(4);
    clock.advance(61 * 60_000);
    const later = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const res = await unmask(later, { field: 'city', reason: 'return_or_refund', reference: 'CASE-3000' });
    expect(res.status).toBe(200);
    expect(res.body.value).toBe(G.city);
  });
});
