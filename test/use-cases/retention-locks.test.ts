import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { createOrder } from '#modules/orders';
import { newId } from '#platform/ids.ts';
import { systemActor } from '#platform/actor.ts';
import { readProfile } from '#modules/accounts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { latestMail, makeMember, makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';
import { advanceParcels } from '../support/emulators.ts';
import { orderIdentity, rowsOf } from '../support/retention.ts';

// RT-3 (marketplace buyers 30 days after delivery), RT-4 (inactive accounts: told, locked under a
// separate key, then erased) and RT-5 (legal holds: sealed apart, no rule or erasure removes the
// data, compliance only, released back to the rules), each on a clock the test moves.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const DAY = 24 * 3600_000;
const runIn = (store: string, dryRun = false) =>
  app.inStore(store, (ctx) => ctx.retention.run(ctx, { dryRun }));

const identified = (number: string) => orderIdentity(app, number);

/** The state of a subject's data key: live, locked (and why), or destroyed. */
const keyState = (subjectId: string) =>
  app.database.asOperator((db) =>
    queryRows<{ wrapped: boolean; locked: boolean; reason: string | null }>(
      db,
      sql`select wrapped_key is not null as wrapped, locked_key is not null as locked, lock_reason as reason
          from privacy.subject_key where subject_id = ${subjectId} and destroyed_at is null`,
    ),
  );

/** A marketplace order imported as paid (what a marketplace connector does), for a new buyer. */
async function marketplaceOrder(store: string, email: string): Promise<string> {
  const [variant] = await app.database.asOperator((db) =>
    queryRows<{ id: string; productId: string; sku: string; title: string; name: string; price: number }>(
      db,
      sql`select v.id, v.product_id as "productId", v.sku, v.title, p.name, v.price_cents as price
          from catalog.variant v join catalog.product p on p.id = v.product_id
          join tenants.tenant t on t.id = v.tenant_id where t.slug = ${store} order by v.sku limit 1`,
    ),
  );
  const created = await app.inStore(store, (ctx) =>
    createOrder(ctx, {
      channel: 'marketplace',
      externalRef: `MKT-${newId('x', ctx.now()).slice(2, 14)}`,
      subjectId: newId('gst', ctx.now()),
      newSubject: true,
      status: 'paid',
      currency: 'USD',
      subtotalWasCents: variant!.price,
      subtotalNowCents: variant!.price,
      shippingCents: 0,
      totalCents: variant!.price,
      contactEmail: email,
      address: {
        recipientName: 'Marketplace Buyer',
        line1: '9 Market Row',
        city: 'Seattle',
        region: 'WA',
        postalCode: '98101',
        countryCode: 'US',
      },
      lines: [
        {
          variantId: variant!.id,
          productId: variant!.productId,
          sku: variant!.sku,
          productName: variant!.name,
          variantTitle: variant!.title,
          quantity: 1,
          unitWasCents: variant!.price,
          unitNowCents: variant!.price,
        },
      ],
      grantAccess: false,
    }),
  );
  return created.number;
}

describe(`retention of marketplace buyers, inactive accounts and legal holds (${ENGINE})`, () => {
  it('RT-3: a marketplace buyer’s contact, address and parcel go 30 days after delivery, while a storefront order delivered the same day waits for its 60-day return window', async () => {
    const store = 'rugs';
    const warehouse = await staffHeaders(app, clock, store, 'warehouse');
    const marketplace = await marketplaceOrder(store, 'buyer.rt3@marketplace.example');
    const storefront = await makeOrder(app, store);
    for (const number of [marketplace, storefront.number]) {
      const res = await api(app, 'POST', `/api/admin/stores/${store}/orders/${number}/shipments`, {
        headers: warehouse,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await app.deliverEvents();
    await advanceParcels(app, 24 * 14);
    expect((await identified(marketplace)).parcels).toBe(1);

    clock.advance(20 * DAY);
    await runIn(store);
    expect((await identified(marketplace)).subject).not.toBeNull(); // 20 days: not yet

    clock.advance(12 * DAY); // more than 30 days after delivery
    const dry = await runIn(store, true);
    expect(rowsOf(dry, 'marketplace_buyer_data')).toBe(2); // the order and its parcel
    const done = await runIn(store);
    expect(rowsOf(done, 'marketplace_buyer_data')).toBe(2);
    expect(await identified(marketplace)).toEqual({ subject: null, email: null, street: null, parcels: 0 });
    // The storefront order is within its return window: it keeps everything.
    const kept = await identified(storefront.number);
    expect(kept.subject).not.toBeNull();
    expect(kept.email).not.toBeNull();
    expect(kept.parcels).toBe(1);
    // The books keep the marketplace order's lines.
    const lines = await app.database.asOperator((db) =>
      queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from orders.order_line l join orders."order" o on o.id = l.order_id where o.number = ${marketplace}`,
      ),
    );
    expect(lines[0]!.n).toBe(1);
  });

  it('RT-5: a legal hold locks the person’s data apart, stops the purge and erasure, opens only for compliance, and gives the data back to the rules when released', async () => {
    const store = 'fragrance';
    const order = await makeOrder(app, store);
    const warehouse = await staffHeaders(app, clock, store, 'warehouse');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/orders/${order.number}/shipments`, {
          headers: warehouse,
        })
      ).status,
    ).toBe(201);
    await advanceParcels(app, 24 * 14);
    let compliance = await staffHeaders(app, clock, store, 'compliance');

    const cs = await staffHeaders(app, clock, store, 'customer_service');
    const contactSeen = async () =>
      (await api(app, 'GET', `/api/admin/stores/${store}/orders/${order.number}`, { headers: cs })).body
        .contactEmail as string | null;
    expect(await contactSeen()).toMatch(/•/); // masked, before the hold

    // Only compliance places holds; the reference is a case number, not free text.
    const asOwner = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds`, {
      headers: await staffHeaders(app, clock, store, 'owner'),
      body: { orderNumber: order.number, basis: 'litigation', reference: 'CASE-2026-118' },
    });
    expect(asOwner.status).toBe(403);
    const freeText = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds`, {
      headers: compliance,
      body: { orderNumber: order.number, basis: 'litigation', reference: 'Jane Doe v. shop' },
    });
    expect(freeText.status).toBe(400);
    expect(freeText.body.message).toContain('letters, digits and dashes');
    const placed = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds`, {
      headers: compliance,
      body: { orderNumber: order.number, basis: 'litigation', reference: 'CASE-2026-118' },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const hold = placed.body.holds[0] as { id: string; subjectId: string };
    expect((await keyState(hold.subjectId))[0]).toEqual({
      wrapped: false,
      locked: true,
      reason: 'legal_hold',
    });

    // Kept apart: customer service no longer reads the order's contact.
    expect(await contactSeen()).toBeNull();
    // The shopper's own erasure waits for the hold (the guest asks through the order's access).
    const erase = await app.inStore(store, (ctx) =>
      ctx.subjectData.erase(ctx, hold.subjectId, 'req_test').then(
        () => 'erased',
        (err: Error) => err.message,
      ),
    );
    expect(erase).toContain('legal hold');

    // Past the return window, the purge passes the held order by.
    clock.advance(75 * DAY);
    await runIn(store);
    const held = await identified(order.number);
    expect(held.subject).not.toBeNull();
    expect(held.email).not.toBeNull();
    expect(held.parcels).toBe(1);

    // Compliance opens it for the matter: the data in clear, audited with the hold's reference.
    compliance = await staffHeaders(app, clock, store, 'compliance');
    const noReason = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds/${hold.id}/open`, {
      headers: compliance,
      body: {},
    });
    expect(noReason.status).toBe(400); // only with a reason
    const opened = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds/${hold.id}/open`, {
      headers: compliance,
      body: { reason: 'produce_to_court' },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(JSON.stringify(opened.body)).toContain(PERSONAS.guest.email);
    expect((await keyState(hold.subjectId))[0]).toMatchObject({ locked: true }); // still locked
    const audit = await app.http.inject({
      method: 'GET',
      url: `/admin/s/${store}/audit?action=hold_placed`,
      headers: compliance,
    });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('CASE-2026-118');
    const reads = await app.http.inject({
      method: 'GET',
      url: `/admin/s/${store}/audit?action=read`,
      headers: compliance,
    });
    expect(reads.body).toContain('produce_to_court'); // the opening, with its reason
    const asWarehouse = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds/${hold.id}/open`, {
      headers: await staffHeaders(app, clock, store, 'warehouse'),
      body: { reason: 'produce_to_court' },
    });
    expect(asWarehouse.status).toBe(403);

    // Released: the key is the shop's again, and the next run applies the rule it was spared.
    const released = await api(app, 'POST', `/api/admin/stores/${store}/legal-holds/${hold.id}/release`, {
      headers: compliance,
    });
    expect(released.status).toBe(200);
    expect(released.body.releasedAt).not.toBeNull();
    expect((await keyState(hold.subjectId))[0]).toMatchObject({ wrapped: true, locked: false });
    await runIn(store);
    expect(await identified(order.number)).toEqual({ subject: null, email: null, street: null, parcels: 0 });
    const list = await api(app, 'GET', `/api/admin/stores/${store}/legal-holds`, { headers: compliance });
    expect(list.body.holds.find((h: { id: string }) => h.id === hold.id).releasedAt).not.toBeNull();
  });
  it('RT-5: a hold on a member by e-mail locks their whole account: they cannot sign in until it is released; a wrong target is refused without repeating the address', async () => {
    const store = 'rugs';
    const member = await makeMember(app, store, {
      nickname: 'Held',
      email: 'held.member@example.org',
      password: 'held but not gone 1',
    });
    const compliance = await staffHeaders(app, clock, store, 'compliance');
    const place = (body: object) =>
      api(app, 'POST', `/api/admin/stores/${store}/legal-holds`, {
        headers: compliance,
        body: { basis: 'fraud_investigation', reference: 'FRAUD-9', ...body },
      });
    const neither = await place({});
    expect(neither.status).toBe(400);
    expect(neither.body.message).toContain('give an order number or a member’s e-mail address');
    const unknown = await place({ memberEmail: 'nobody.here@example.org' });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).not.toContain('nobody.here');
    const placed = await place({ memberEmail: 'HELD.member@example.org' });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.holds.map((h: { subjectId: string }) => h.subjectId)).toEqual([member]);
    expect((await keyState(member))[0]).toEqual({ wrapped: false, locked: true, reason: 'legal_hold' });

    const signIn = () =>
      api(app, 'POST', `/api/stores/${store}/sessions`, {
        body: { email: 'held.member@example.org', password: 'held but not gone 1' },
      });
    const refused = await signIn();
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('cannot be used at the moment');
    expect((await keyState(member))[0]).toMatchObject({ locked: true }); // a log-in does not lift a hold

    const hold = placed.body.holds[0] as { id: string };
    await api(app, 'POST', `/api/admin/stores/${store}/legal-holds/${hold.id}/release`, {
      headers: compliance,
    });
    expect((await signIn()).status).toBe(201);
  });

  it('RT-4: an inactive member is told by e-mail, then locked under the lock key (sessions end, nothing readable), unlocked by signing in; one who never comes back is erased', async () => {
    const store = 'skincare';
    const comesBack = await makeMember(app, store, {
      nickname: 'Dormant',
      email: 'rt4.back@example.org',
      password: 'inactive but back 1',
    });
    const goesAway = await makeMember(app, store, {
      nickname: 'Gone',
      email: 'rt4.gone@example.org',
      password: 'inactive and gone 1',
    });
    const session = await api(app, 'POST', `/api/stores/${store}/sessions`, {
      body: { email: 'rt4.back@example.org', password: 'inactive but back 1' },
    });
    const bearer = { authorization: `Bearer ${session.body.sessionToken as string}` };
    // The store's rule: 730 days, told 30 days before, erased 365 days after the lock.
    clock.advance(690 * DAY);
    await runIn(store);
    expect(await latestMail(app, store, 'inactivity_notice')).toBeUndefined();

    clock.advance(15 * DAY); // 705 days: inside the notice period
    await runIn(store);
    await app.deliverEvents();
    const notice = await latestMail(app, store, 'inactivity_notice');
    expect(notice?.body).toContain('we will lock it');
    expect(notice?.body).toMatch(/Hello (Dormant|Gone)/);
    expect((await keyState(comesBack))[0]).toMatchObject({ wrapped: true, locked: false });

    clock.advance(26 * DAY); // 731 days, told 26 days ago: the notice period is not over yet
    await runIn(store);
    expect((await keyState(comesBack))[0]).toMatchObject({ wrapped: true, locked: false });

    clock.advance(5 * DAY); // told 31 days ago
    await runIn(store);
    for (const id of [comesBack, goesAway])
      expect((await keyState(id))[0]).toEqual({ wrapped: false, locked: true, reason: 'inactive' });
    // The session ended; staff see nothing of a locked member.
    expect((await api(app, 'GET', `/api/stores/${store}/me`, { headers: bearer })).status).toBe(401);
    const asJob = await app.inStore(store, (ctx) =>
      readProfile({ ...ctx, actor: systemActor('test.reader') }, comesBack, 'transactional_email'),
    );
    expect(asJob?.email ?? null).toBeNull();
    expect(asJob?.nickname ?? null).toBeNull();

    // Signing in unlocks the account at once: the member reads their own details again.
    const back = await api(app, 'POST', `/api/stores/${store}/sessions`, {
      body: { email: 'rt4.back@example.org', password: 'inactive but back 1' },
    });
    expect(back.status).toBe(201);
    expect((await keyState(comesBack))[0]).toMatchObject({ wrapped: true, locked: false });
    const me = await api(app, 'GET', `/api/stores/${store}/me`, {
      headers: { authorization: `Bearer ${back.body.sessionToken as string}` },
    });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toContain('rt4.back@example.org');

    // The other never comes back: a year after the lock, the account is erased.
    clock.advance(366 * DAY);
    const done = await runIn(store);
    expect(done.lines.find((l) => l.rule === 'inactive_accounts')?.error).toBeUndefined();
    expect(await keyState(goesAway)).toEqual([]);
    const rows = await app.database.asOperator((db) =>
      queryRows<{ id: string }>(
        db,
        sql`select id from accounts.customer where id in (${comesBack}, ${goesAway})`,
      ),
    );
    expect(rows.map((r) => r.id)).toEqual([comesBack]);
  });
});
