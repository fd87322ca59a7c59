import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { STAFF_ROLES, type StaffRole } from '#platform/actor.ts';
import { STAFF_COOKIE } from '#platform/http/credentials.ts';
import { SECTIONS } from '../../src/web/admin/layout.tsx';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { anotherShopper } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// AC-1..AC-6, PV-1: a role × field matrix built from the data inventory. After a real order, each
// role fetches every back-office page it can reach (its sections, the order's page when it has
// orders); the shopper's values that appear are exactly those its role may see in clear.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const G = PERSONAS.guest;
let app: TestApp;
let order: string;

/** The shopper's values, by the inventory column that holds them. */
const VALUES: Record<string, string> = {
  'orders.order.contact_email': G.email,
  'orders.shipping_address.recipient_name': G.recipientName,
  'orders.shipping_address.street_line1': G.line1,
  'orders.shipping_address.street_line2': G.line2,
  'orders.shipping_address.city': G.city,
  'orders.shipping_address.postal_code': G.postalCode,
  'orders.shipping_address.phone': G.phone,
};

/** What the inventory lets a role see of a column: in clear, masked, or not at all. */
function allowed(role: StaffRole, column: string): 'clear' | 'masked' | 'hidden' {
  const field = app.inventory.field(column)!;
  if (field.readableBy.includes(role)) return 'clear';
  if (field.readableBy.includes(`${role}:masked`)) return 'masked';
  return 'hidden';
}

/** Every back-office page `role` can reach, fetched with its session, concatenated. */
async function pagesOf(role: StaffRole): Promise<{ html: string; urls: string[] }> {
  const { authorization } = await staffHeaders(app, clock, 'skincare', role);
  const cookie = `${STAFF_COOKIE}=${authorization.slice('Bearer '.length)}`;
  const urls = SECTIONS.filter((s) => s.roles.includes(role)).map((s) => `/admin/s/skincare${s.path}`);
  if (SECTIONS.find((s) => s.path === '/orders')!.roles.includes(role))
    urls.push(`/admin/s/skincare/orders/${order}`);
  let html = '';
  for (const url of urls) {
    const res = await app.http.inject({
      method: 'GET',
      url,
      headers: { cookie },
      remoteAddress: anotherShopper(),
    });
    expect(res.statusCode, `${role} ${url}`).toBe(200);
    html += res.body;
  }
  return { html, urls };
}

beforeAll(async () => {
  app = await createTestApp({ clock });
  order = (await makeOrder(app, 'skincare')).number;
});
afterAll(() => app.close());

describe(`AC-1..AC-6: what each role sees on the back-office pages (${ENGINE})`, () => {
  for (const role of STAFF_ROLES) {
    it(`AC-1..AC-6, PV-1: ${role} sees in clear exactly the fields the inventory gives it`, async () => {
      const { html, urls } = await pagesOf(role);
      const seesOrders = urls.some((u) => u.endsWith(`/orders/${order}`));
      for (const [column, value] of Object.entries(VALUES)) {
        const rule = allowed(role, column);
        // The packer's phone is masked for the label (`warehouse:masked`): never in clear either.
        if (rule === 'clear' && seesOrders) expect(html, `${role} should see ${column}`).toContain(value);
        else expect(html, `${role} must not see ${column}`).not.toContain(value);
      }
      // And the pages a role cannot reach are refused, not just left out of the navigation.
      const { authorization } = await staffHeaders(app, clock, 'skincare', role);
      const cookie = `${STAFF_COOKIE}=${authorization.slice('Bearer '.length)}`;
      for (const section of SECTIONS.filter((s) => !s.roles.includes(role))) {
        const res = await app.http.inject({
          method: 'GET',
          url: `/admin/s/skincare${section.path}`,
          headers: { cookie },
          remoteAddress: anotherShopper(),
        });
        expect(res.statusCode, `${role} ${section.path}`).toBe(403);
        for (const value of Object.values(VALUES)) expect(res.body).not.toContain(value);
      }
    });
  }
});
