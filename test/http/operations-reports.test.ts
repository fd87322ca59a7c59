import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { findAuditEvents } from '#modules/privacy';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api, skusInStock } from '../support/shop-api.ts';
import { ALL_PERSONAL_VALUES } from '../support/personas.ts';

// AC-4: operations sees sales and searches only as de-identified aggregates — groups of at least 5
// people, no ids — and no individual order; every report is audited.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let popular: string;
let rare: string;

const productOf = (sku: string) =>
  app.inStore('skincare', async (ctx) => {
    const [row] = await queryRows<{ name: string }>(
      ctx.db,
      sql`select p.name from catalog.variant v join catalog.product p on p.id = v.product_id where v.sku = ${sku}`,
    );
    return row!.name;
  });

beforeAll(async () => {
  app = await createTestApp({ clock });
  const skus = await skusInStock(app, 'skincare', 40);
  // Two products of different names: six guests buy the first, two buy the second.
  popular = skus[0]!;
  const popularName = await productOf(popular);
  for (const sku of skus) if ((await productOf(sku)) !== popularName) rare = sku;
  for (let i = 0; i < 6; i++) await makeOrder(app, 'skincare', { sku: popular });
  for (let i = 0; i < 2; i++) await makeOrder(app, 'skincare', { sku: rare });
  for (let i = 0; i < 6; i++) await api(app, 'GET', '/api/stores/skincare/search?q=vitamin');
  for (let i = 0; i < 2; i++) await api(app, 'GET', '/api/stores/skincare/search?q=ada%20quill');
  await app.flushActivity();
});
afterAll(() => app.close());

describe(`AC-4: operations sees aggregates only (${ENGINE})`, () => {
  it('AC-4: sales per day and best sellers show groups of 5 buyers or more; smaller ones are suppressed', async () => {
    const headers = await staffHeaders(app, clock, 'skincare', 'operations');
    const res = await api(app, 'GET', '/api/admin/stores/skincare/reports/sales?days=7', { headers });
    expect(res.status).toBe(200);
    const today = res.body.byDay.rows.find((r: { day: string }) => r.day === '2026-11-23');
    expect(today.orders).toBe(8);
    expect(today.revenueCents).toBeGreaterThan(0);
    const names = res.body.topProducts.rows.map((r: { product: string }) => r.product);
    const popularName = await productOf(popular);
    const rareName = await productOf(rare);
    expect(names).toContain(popularName);
    expect(names).not.toContain(rareName);
    expect(res.body.topProducts.suppressedGroups).toBeGreaterThanOrEqual(1);
    expect(res.body.topProducts.minGroupSize).toBe(5);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/"(cus|gst|sub|ord)_/);
    for (const v of ALL_PERSONAL_VALUES) expect(text).not.toContain(v);
  });

  it('AC-4: search phrases searched fewer than 5 times (a name someone typed) are not shown', async () => {
    const headers = await staffHeaders(app, clock, 'skincare', 'operations');
    const res = await api(app, 'GET', '/api/admin/stores/skincare/reports/searches', { headers });
    expect(res.status).toBe(200);
    const queries = res.body.rows.map((r: { query: string }) => r.query);
    expect(queries).toContain('vitamin');
    expect(queries).not.toContain('ada quill');
    expect(res.body.suppressedGroups).toBeGreaterThanOrEqual(1);
  });

  it('AC-4: operations sees no individual order; roles without reports get 403', async () => {
    const ops = await staffHeaders(app, clock, 'skincare', 'operations');
    expect((await api(app, 'GET', '/api/admin/stores/skincare/orders', { headers: ops })).status).toBe(403);
    for (const role of ['warehouse', 'customer_service', 'compliance'] as const) {
      const headers = await staffHeaders(app, clock, 'skincare', role);
      const res = await api(app, 'GET', '/api/admin/stores/skincare/reports/sales', { headers });
      expect(res.status, role).toBe(403);
    }
  });

  it('AU-1: each report is audited by name, with how many groups were shown and suppressed', async () => {
    const events = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, { action: 'aggregate' }));
    const reports = events.map((e) => e.detail.report);
    expect(reports).toEqual(
      expect.arrayContaining(['sales_by_day', 'top_products', 'campaign_use', 'searches']),
    );
    expect(events.every((e) => e.role === 'operations' && e.subject === null)).toBe(true);
  });
});
