import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { findAuditEvents } from '#modules/privacy';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// AC-3: customer service finds a customer's orders by their exact e-mail, through the blind index,
// and sees them as its role does (masked); nobody else may look customers up; the lookup is audited.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let numbers: string[];
const G = PERSONAS.guest;
const lookup = (headers: Record<string, string>, email: string) =>
  api(app, 'POST', '/api/admin/stores/skincare/customers/lookup', { headers, body: { email } });

beforeAll(async () => {
  app = await createTestApp({ clock });
  numbers = [(await makeOrder(app, 'skincare')).number, (await makeOrder(app, 'skincare')).number];
});
afterAll(() => app.close());

describe(`AC-3: customer lookup by exact e-mail (${ENGINE})`, () => {
  it('AC-3: the exact address (any letter case) finds the orders, with the contact still masked', async () => {
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const res = await lookup(cs, `  ${G.email.toUpperCase()} `);
    expect(res.status).toBe(200);
    const found = res.body.orders.map((o: { number: string }) => o.number);
    expect(found).toEqual(expect.arrayContaining(numbers));
    expect(JSON.stringify(res.body)).not.toContain(G.email);
    expect(res.body.orders[0].contactEmail).toMatch(/•/);
    const nobody = await lookup(cs, 'nobody.at.all@example.org');
    expect(nobody.body.orders).toEqual([]);
    // Part of an address finds nothing: it is an exact match on a keyed hash, not a search.
    const partial = await lookup(cs, G.email.slice(0, -2));
    expect(partial.body.orders).toEqual([]);
  });

  it('AC-2, AC-4, AC-5: other roles may not look customers up', async () => {
    for (const role of ['warehouse', 'operations', 'finance', 'owner'] as const) {
      const headers = await staffHeaders(app, clock, 'skincare', role);
      expect((await lookup(headers, G.email)).status, role).toBe(403);
    }
  });

  it('AU-1: each lookup is audited with how many orders it found, never the address', async () => {
    const events = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, { action: 'read' }));
    const lookups = events.filter((e) => e.detail.lookup === 'exact_email');
    expect(lookups.length).toBeGreaterThanOrEqual(3);
    expect(lookups.some((e) => e.detail.found === 2)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(G.email);
  });
});
