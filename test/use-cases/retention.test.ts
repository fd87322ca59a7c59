import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember, makeOrder, staffHeaders } from '../support/factories.ts';
import { api, guestCart, skusInStock } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';
import { advanceParcels } from '../support/emulators.ts';
import { orderIdentity, rowsOf } from '../support/retention.ts';

// RT-1: the retention rules of the store's policy run — expired sessions, reset links, carts,
// access grants, verifications, sent mail and old browsing go on the rule's clock; a dry run
// counts without removing; each run leaves a report compliance reads.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'rugs';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const DAY = 24 * 3600_000;
const count = (table: string) =>
  app.database.asOperator((db) =>
    queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)).then((r) => r[0]!.n),
  );
const run = (dryRun: boolean) => app.inStore(STORE, (ctx) => ctx.retention.run(ctx, { dryRun }));

describe(`RT-1: retention runs on the store's rules (${ENGINE})`, () => {
  it('RT-1: expired sessions, reset links, carts, grants, verifications, sent mail and old browsing go; a dry run only counts; the report is for compliance', async () => {
    // A member with a session, a reset link, consented browsing; a guest order with its grant and mail.
    await makeMember(app, STORE, {
      nickname: 'Keep',
      email: 'rt1.member@example.org',
      password: 'retention rules 1',
    });
    const session = await api(app, 'POST', `/api/stores/${STORE}/sessions`, {
      body: { email: 'rt1.member@example.org', password: 'retention rules 1' },
    });
    const bearer = { authorization: `Bearer ${session.body.sessionToken as string}` };
    await api(app, 'POST', `/api/stores/${STORE}/password-resets`, {
      body: { email: 'rt1.member@example.org' },
    });
    await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer,
      body: { personalisation: true },
    });
    const slug = (await api(app, 'GET', `/api/stores/${STORE}/products?limit=1`)).body.items[0]
      .slug as string;
    await api(app, 'GET', `/api/stores/${STORE}/recommendations?viewing=${slug}`, { headers: bearer });
    const order = await makeOrder(app, STORE);
    const [sku] = await skusInStock(app, STORE, 1);
    await guestCart(app, STORE, [[sku!, 1]]); // a visitor's cart, never checked out
    await api(app, 'POST', `/api/stores/${STORE}/rights/verifications`, {
      body: { orderNumber: order.number, email: PERSONAS.guest.email },
    });
    await app.background.settled();
    await app.deliverEvents();
    const before = {
      sessions: await count('accounts.session'),
      resets: await count('accounts.password_reset'),
      grants: await count('orders.access_grant'),
      verifications: await count('rights.verification'),
      outbox: await count('notifications.outbox'),
      browsing: await count('catalog.browsing_event'),
      carts: await count('cart.cart'),
    };
    expect(before.sessions).toBeGreaterThan(0);
    expect(before.browsing).toBeGreaterThan(0);
    expect(before.carts).toBeGreaterThan(0);

    // Nothing is due yet.
    const early = await run(true);
    expect(rowsOf(early, 'sessions')).toBe(0);
    expect(rowsOf(early, 'outbox_messages')).toBe(0);

    // 91 days later: sessions (30 days), reset links (1 hour), grants (24 h), verifications,
    // sent mail (30 days after sending), browsing (90 days) are all due.
    clock.advance(91 * DAY);
    const dry = await run(true);
    expect(dry.dryRun).toBe(true);
    for (const rule of [
      'sessions',
      'reset_tokens',
      'access_grants',
      'outbox_messages',
      'browsing_history',
      'carts',
    ])
      expect(rowsOf(dry, rule), rule).toBeGreaterThan(0);
    expect(await count('accounts.session')).toBe(before.sessions); // a dry run removes nothing

    const done = await run(false);
    expect(rowsOf(done, 'sessions')).toBe(rowsOf(dry, 'sessions'));
    expect(await count('accounts.session')).toBe(0);
    expect(await count('accounts.password_reset')).toBe(0);
    expect(await count('orders.access_grant')).toBe(0);
    expect(await count('rights.verification')).toBe(0);
    expect(await count('catalog.browsing_event')).toBe(0);
    expect(await count('notifications.outbox')).toBe(0);
    expect(await count('cart.cart')).toBe(0);
    expect(done.lines.every((l) => !l.error)).toBe(true);
    // The expired session no longer signs anyone in.
    expect((await api(app, 'GET', `/api/stores/${STORE}/me`, { headers: bearer })).status).toBe(401);
    // Data that is not due stays: the member's account and the order itself.
    expect(await count('accounts.customer')).toBeGreaterThan(0);
    expect(await count('orders."order"')).toBeGreaterThan(0);

    // Compliance reads both runs, counts only.
    const reports = await api(app, 'GET', `/api/admin/stores/${STORE}/retention-runs`, {
      headers: await staffHeaders(app, clock, STORE, 'compliance'),
    });
    expect(reports.status).toBe(200);
    const ofRun = (id: string) => reports.body.runs.filter((r: { runId: string }) => r.runId === id);
    expect(ofRun(done.runId).find((r: { rule: string }) => r.rule === 'sessions')).toMatchObject({
      dryRun: false,
      rows: rowsOf(done, 'sessions'),
    });
    expect(ofRun(dry.runId).every((r: { dryRun: boolean }) => r.dryRun)).toBe(true);
    expect(JSON.stringify(reports.body)).not.toContain('rt1.member');
    // And in the back office, the Retention page lists the same lines.
    const page = await app.http.inject({
      method: 'GET',
      url: `/admin/s/${STORE}/retention`,
      headers: await staffHeaders(app, clock, STORE, 'compliance'),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code>sessions</code>');
    expect(page.body).toContain('dry run');
    const warehouse = await api(app, 'GET', `/api/admin/stores/${STORE}/retention-runs`, {
      headers: await staffHeaders(app, clock, STORE, 'warehouse'),
    });
    expect(warehouse.status).toBe(403);
  });

  it('RT-2: an order past its return window loses contact, address and parcels; one with an open case waits until the case is closed', async () => {
    const store = 'fragrance';
    const ship = async (number: string) => {
      const res = await api(app, 'POST', `/api/admin/stores/${store}/orders/${number}/shipments`, {
        headers: await staffHeaders(app, clock, store, 'warehouse'),
      });
      expect(res.status).toBe(201);
      await app.deliverEvents();
    };
    const quiet = await makeOrder(app, store);
    const asking = await makeOrder(app, store);
    await ship(quiet.number);
    await ship(asking.number);
    await advanceParcels(app, 24 * 10);
    const ticket = await api(app, 'POST', `/api/stores/${store}/orders/${asking.number}/tickets`, {
      headers: { 'x-order-access': asking.accessToken! },
      body: { topic: 'question', message: 'Is the bottle refillable?' },
    });
    expect(ticket.status).toBe(201);
    const identified = (number: string) => orderIdentity(app, number);
    const runIn = () => app.inStore(store, (ctx) => ctx.retention.run(ctx));

    // Inside the 60-day window nothing happens.
    await runIn();
    expect((await identified(quiet.number)).subject).not.toBeNull();

    clock.advance(62 * DAY);
    const done = await runIn();
    expect(rowsOf(done, 'order_personal_data')).toBeGreaterThanOrEqual(2); // the order and its parcel
    expect(await identified(quiet.number)).toEqual({ subject: null, email: null, street: null, parcels: 0 });
    const waiting = await identified(asking.number);
    expect(waiting.subject).not.toBeNull();
    expect(waiting.parcels).toBe(1);

    // Customer service closes the case; the next run lets the order go, and the case with it.
    const cs = await staffHeaders(app, clock, store, 'customer_service');
    expect(
      (await api(app, 'POST', `/api/admin/stores/${store}/tickets/${ticket.body.id}/close`, { headers: cs }))
        .status,
    ).toBe(200);
    clock.advance(60_000);
    await runIn();
    expect(await identified(asking.number)).toEqual({ subject: null, email: null, street: null, parcels: 0 });
    expect(await count('support.ticket')).toBe(0);
    // The books keep the orders: items and amounts, about nobody.
    expect(await count('orders.order_line')).toBeGreaterThan(0);
  });
  it('RT-1, CN-3, DR-8: closed requests go after the period, open ones stay; old consent choices go but the choice in force stays', async () => {
    const holder = await makeMember(app, STORE, {
      nickname: 'Choice',
      email: 'rt1.choice@example.org',
      password: 'retention rules 2',
    });
    const session = await api(app, 'POST', `/api/stores/${STORE}/sessions`, {
      body: { email: 'rt1.choice@example.org', password: 'retention rules 2' },
    });
    const bearer = { authorization: `Bearer ${session.body.sessionToken as string}` };
    await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer,
      body: { personalisation: true },
    });
    clock.advance(60_000);
    await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer,
      body: { personalisation: false },
    });
    const closed = await api(app, 'POST', `/api/stores/${STORE}/complaints`, {
      body: { email: 'rt1.complaint@example.net', message: 'An old complaint, answered.' },
    });
    const open = await api(app, 'POST', `/api/stores/${STORE}/complaints`, {
      body: { email: 'rt1.complaint@example.net', message: 'A complaint nobody answered.' },
    });
    const compliance = await staffHeaders(app, clock, STORE, 'compliance');
    await api(app, 'POST', `/api/admin/stores/${STORE}/privacy-requests/${closed.body.id}/answer`, {
      headers: compliance,
      body: { reply: 'Answered long ago.', outcome: 'completed' },
    });
    const ids = async () =>
      app.database.asOperator((db) =>
        queryRows<{ id: string }>(
          db,
          sql`select id from rights.request where id in (${closed.body.id}, ${open.body.id})`,
        ),
      );
    const choices = async () =>
      app.database.asOperator((db) =>
        queryRows<{ granted: boolean }>(
          db,
          sql`select granted from privacy.consent_choice where holder = ${holder} order by at`,
        ),
      );
    expect(await choices()).toEqual([{ granted: true }, { granted: false }]);

    clock.advance(1100 * DAY); // beyond the demo stores' 1,095 days
    const done = await run(false);
    expect(rowsOf(done, 'privacy_requests')).toBeGreaterThanOrEqual(1);
    expect((await ids()).map((r) => r.id)).toEqual([open.body.id]);
    expect(await choices()).toEqual([{ granted: false }]);
  });
});
