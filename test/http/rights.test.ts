import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { latestMail, makeMember, makeOrder, staffHeaders } from '../support/factories.ts';
import { api, policyVersion, skusInStock } from '../support/shop-api.ts';
import { advanceParcels } from '../support/emulators.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';
import { everyRow as everyRowOf } from '../support/every-row.ts';

// DR-1..8: the shopper's rights over HTTP — export, history deletion, account cancellation that
// leaves nothing, restriction, complaints with clocks, and guests verified by a code.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A member of this file only: distinctive values, so a search of every table cannot match by accident. */
const ERIN = {
  nickname: 'Brannoch',
  email: 'erin.tallowmere@example.org',
  password: 'quiet lanterns 4 ever',
  recipientName: 'Erin Tallowmere',
  line1: '41 Gossamer Cloister',
  city: 'Vantwick',
  region: 'VT',
  postalCode: '05601',
  countryCode: 'US',
  phone: '+1 802 555 0143',
};

async function signIn(store: string, who: { email: string; password: string }): Promise<string> {
  const res = await api(app, 'POST', `/api/stores/${store}/sessions`, { body: who });
  expect(res.status).toBe(201);
  return res.body.sessionToken as string;
}

/** A member order through the real JSON checkout, paid. */
async function memberOrder(store: string, session: string, who: typeof ERIN, sku: string): Promise<string> {
  expect(
    (
      await api(app, 'POST', `/api/stores/${store}/cart/lines`, {
        headers: bearer(session),
        body: { sku, quantity: 1 },
      })
    ).status,
  ).toBe(200);
  const { recipientName, line1, city, region, postalCode, countryCode, phone } = who;
  const res = await api(app, 'POST', `/api/stores/${store}/checkout`, {
    headers: { ...bearer(session), 'idempotency-key': `rights-${randomUUID()}` },
    body: {
      shippingAddress: { recipientName, line1, city, region, postalCode, countryCode, phone },
      acceptPrivacyPolicyVersion: await policyVersion(app, store),
      payment: { card: { number: TEST_CARDS.approved, expMonth: 12, expYear: 2030, cvc: '123' } },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order.number as string;
}

async function ship(store: string, number: string): Promise<void> {
  const shipped = await api(app, 'POST', `/api/admin/stores/${store}/orders/${number}/shipments`, {
    headers: await staffHeaders(app, clock, store, 'warehouse'),
  });
  expect(shipped.status).toBe(201);
  await app.deliverEvents();
}

const everyRow = () => everyRowOf(app);

describe(`DR-1..8: shoppers' rights over the API (${ENGINE})`, () => {
  it('DR-4: cancelling an account (password confirmed) leaves nothing of the member — orders, return, case, review, wishlist, address book — in any table or log — orders keep items and amounts about nobody, and the receipt names counts only', async () => {
    const store = 'rugs';
    const customerId = await makeMember(app, store, ERIN);
    const session = await signIn(store, ERIN);
    const [skuA, skuB] = await skusInStock(app, store, 2);
    const products = await api(app, 'GET', `/api/stores/${store}/products?limit=1`);
    expect(
      (
        await api(app, 'PUT', `/api/stores/${store}/me/wishlist/${products.body.items[0].slug}`, {
          headers: bearer(session),
        })
      ).status,
    ).toBe(200);
    const number = await memberOrder(store, session, ERIN, skuA!);
    const second = await memberOrder(store, session, ERIN, skuB!);
    await ship(store, number);
    await advanceParcels(app, 24 * 10);
    const order = await api(app, 'GET', `/api/stores/${store}/orders/${number}`, {
      headers: bearer(session),
    });
    expect(order.body.order.status).toBe('delivered');
    const sku = order.body.order.lines[0].sku as string;
    expect(
      (
        await api(app, 'POST', `/api/stores/${store}/orders/${number}/returns`, {
          headers: bearer(session),
          body: {
            lines: [{ sku, quantity: 1 }],
            reason: 'wrong_size',
            note: 'Tallowmere hallway too narrow',
          },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(app, 'POST', `/api/stores/${store}/orders/${second}/tickets`, {
          headers: bearer(session),
          body: { topic: 'question', message: 'Please ring at Gossamer Cloister' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(app, 'POST', `/api/stores/${store}/orders/${number}/reviews`, {
          headers: bearer(session),
          body: { sku, rating: 4, text: 'Brannoch approves of this rug' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(app, 'POST', `/api/stores/${store}/me/addresses`, {
          headers: bearer(session),
          body: {
            recipientName: ERIN.recipientName,
            line1: ERIN.line1,
            city: ERIN.city,
            region: ERIN.region,
            postalCode: ERIN.postalCode,
            countryCode: 'US',
            phone: ERIN.phone,
          },
        })
      ).status,
    ).toBe(201);
    await app.deliverEvents();
    await app.background.settled();
    const before = await everyRow();
    expect(before.some((r) => r.text.includes(customerId))).toBe(true);

    // A session alone is not enough: the password confirms it.
    const wrong = await api(app, 'DELETE', `/api/stores/${store}/me`, {
      headers: bearer(session),
      body: { password: 'not my password' },
    });
    expect(wrong.status).toBe(401);
    expect((await api(app, 'GET', `/api/stores/${store}/me`, { headers: bearer(session) })).status).toBe(200);

    const done = await api(app, 'DELETE', `/api/stores/${store}/me`, {
      headers: bearer(session),
      body: { password: ERIN.password },
    });
    expect(done.status).toBe(200);
    expect(done.body.request).toMatchObject({ kind: 'erasure', status: 'completed' });
    expect(done.body.receipt.keysDestroyed).toBeGreaterThanOrEqual(1);
    expect(done.body.receipt.rows).toMatchObject({ orders: 2, accounts: expect.any(Number), wishlist: 1 });
    expect(JSON.stringify(done.body)).not.toContain(customerId);

    // The session is gone with the account; the address can register again as someone new.
    expect((await api(app, 'GET', `/api/stores/${store}/me`, { headers: bearer(session) })).status).toBe(401);
    const rows = await everyRow();
    const values = [
      customerId,
      ERIN.email,
      ERIN.recipientName,
      ERIN.line1,
      ERIN.phone,
      'Tallowmere',
      'Gossamer',
      'Brannoch',
    ];
    const left = rows.filter((r) => values.some((v) => r.text.includes(v)));
    expect(left.map((r) => r.table)).toEqual([]);
    expect(values.filter((v) => app.logs.text.includes(v) && v !== customerId)).toEqual([]);
    // The orders stay for the books: items and amounts, about nobody.
    const kept = await app.database.asOperator((db) =>
      queryRows<{ status: string; total: number; subject: string | null }>(
        db,
        sql`select status, total_cents as total, subject_id as subject from orders."order" where number in (${number}, ${second})`,
      ),
    );
    expect(kept).toHaveLength(2);
    expect(kept.every((o) => o.subject === null && o.total > 0)).toBe(true);
  });

  it('DR-1, DR-2: a member downloads everything as JSON and as a zip of CSV files; the layout is documented and nobody else can download it', async () => {
    const store = 'fragrance';
    const who = { ...PERSONAS.member, email: 'dr2.export@example.org', nickname: 'Exporter' };
    await makeMember(app, store, who);
    const session = await signIn(store, who);
    const [sku] = await skusInStock(app, store, 1);
    const number = await memberOrder(store, session, { ...ERIN, ...who }, sku!);
    expect((await api(app, 'GET', `/api/stores/${store}/me/export`)).status).toBe(401);
    expect(
      (
        await api(app, 'GET', `/api/stores/${store}/me/export`, {
          headers: { 'x-rights-token': 'a'.repeat(43) },
        })
      ).status,
    ).toBe(401);

    const json = await api(app, 'GET', `/api/stores/${store}/me/export`, { headers: bearer(session) });
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="my-data-fragrance-/);
    expect(json.body.format).toBe('pledge.subject-export/1');
    expect(json.body.tables['accounts.customer'][0]).toMatchObject({
      email: who.email,
      nickname: 'Exporter',
    });
    expect(json.body.tables['orders.order'].map((o: { number: string }) => o.number)).toContain(number);
    expect(JSON.stringify(json.body.tables['orders.order'])).toContain(who.line1);

    const csv = await app.http.inject({
      method: 'GET',
      url: `/api/stores/${store}/me/export?format=csv`,
      headers: bearer(session),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(csv.rawPayload));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['README.txt', 'accounts.customer.csv', 'orders.order.csv']),
    );
    const customerCsv = strFromU8(files['accounts.customer.csv']!);
    expect(customerCsv.split('\r\n')[0]).toContain('email');
    expect(customerCsv).toContain(who.email);

    // Each export is recorded as a request done at once, in the member's own list.
    const mine = await api(app, 'GET', `/api/stores/${store}/me/requests`, { headers: bearer(session) });
    expect(mine.body.requests.filter((r: { kind: string }) => r.kind === 'export')).toHaveLength(2);
  });

  it('DR-3: "delete my history" anonymises finished orders at once and waits for the one still on its way; the job completes it once delivered, within the store’s 3 working days', async () => {
    const store = 'skincare';
    const who = { ...ERIN, email: 'dr3.history@example.org', nickname: 'Historian' };
    await makeMember(app, store, who);
    const session = await signIn(store, who);
    const [a, b] = await skusInStock(app, store, 2);
    const delivered = await memberOrder(store, session, who, a!);
    await ship(store, delivered);
    await advanceParcels(app, 24 * 10);
    const open = await memberOrder(store, session, who, b!);

    expect(
      (
        await api(app, 'POST', `/api/stores/${store}/me/history-deletion`, {
          headers: bearer(session),
          body: {},
        })
      ).status,
    ).toBe(401);
    const res = await api(app, 'POST', `/api/stores/${store}/me/history-deletion`, {
      headers: bearer(session),
      body: { password: who.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.request.status).toBe('in_progress');
    expect(res.body.receipt.rows.orders).toBe(1);
    expect(res.body.receipt.waiting).toBeGreaterThanOrEqual(1);
    // Friday is not involved: Monday 2026-11-23 + 3 working days, Thanksgiving (26th) skipped → Friday the 27th.
    expect(res.body.request.dueAt.slice(0, 10)).toBe('2026-11-28'); // end of the 27th in New York is 05:00Z on the 28th
    const history = await api(app, 'GET', `/api/stores/${store}/me/orders`, { headers: bearer(session) });
    expect(history.body.orders.map((o: { number: string }) => o.number)).toEqual([open]);

    await ship(store, open);
    await advanceParcels(app, 24 * 10);
    await app.scheduler.runNow('rights.finish-history-deletions');
    const mine = await api(app, 'GET', `/api/stores/${store}/me/requests`, { headers: bearer(session) });
    expect(mine.body.requests.find((r: { kind: string }) => r.kind === 'history_deletion').status).toBe(
      'completed',
    );
    expect(
      (await api(app, 'GET', `/api/stores/${store}/me/orders`, { headers: bearer(session) })).body.orders,
    ).toEqual([]);
    // The account itself stays.
    expect((await api(app, 'GET', `/api/stores/${store}/me`, { headers: bearer(session) })).body.email).toBe(
      who.email,
    );
  });

  it('DR-6, DR-8: a guest proves an order with a code sent by e-mail before anything is shown; a wrong pair or code learns nothing; the token exports and erases their guest orders', async () => {
    const store = 'rugs';
    const order = await makeOrder(app, store);
    const G = PERSONAS.guest;
    const unknown = await api(app, 'POST', `/api/stores/${store}/rights/verifications`, {
      body: { orderNumber: order.number, email: 'someone.else@example.org' },
    });
    expect(unknown.status).toBe(202);
    expect(
      (
        await api(
          app,
          'POST',
          `/api/stores/${store}/rights/verifications/${unknown.body.verificationId}/confirm`,
          {
            body: { code: '123456' },
          },
        )
      ).status,
    ).toBe(401);

    const started = await api(app, 'POST', `/api/stores/${store}/rights/verifications`, {
      body: { orderNumber: order.number, email: G.email.toUpperCase() },
    });
    expect(started.status).toBe(202);
    const mail = await latestMail(app, store, 'rights_code');
    expect(mail?.recipient?.toLowerCase()).toBe(G.email);
    const code = /code for .*? is: ([0-9]{6})/.exec(mail!.body!)![1]!;
    const confirm = (c: string) =>
      api(app, 'POST', `/api/stores/${store}/rights/verifications/${started.body.verificationId}/confirm`, {
        body: { code: c },
      });
    const wrongCode = code === '000000' ? '000001' : '000000';
    expect((await confirm(wrongCode)).status).toBe(401);
    const ok = await confirm(code);
    expect(ok.status).toBe(201);
    expect((await confirm(code)).status).toBe(401); // once only
    const token = { 'x-rights-token': ok.body.rightsToken as string };

    const exported = await api(app, 'GET', `/api/stores/${store}/me/export`, { headers: token });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body.tables['orders.order'])).toContain(order.number);
    expect(JSON.stringify(exported.body)).toContain(G.line1);

    const erased = await api(app, 'DELETE', `/api/stores/${store}/me`, { headers: token, body: {} });
    expect(erased.status).toBe(200);
    expect(erased.body.receipt.keysDestroyed).toBeGreaterThanOrEqual(1);
    const lookup = await api(app, 'POST', `/api/stores/${store}/orders/lookup`, {
      body: { number: order.number, email: G.email },
    });
    expect(lookup.status).toBe(404);
  });

  it('DR-6: five wrong codes void a verification; an expired code is refused', async () => {
    const store = 'fragrance';
    const order = await makeOrder(app, store);
    const started = await api(app, 'POST', `/api/stores/${store}/rights/verifications`, {
      body: { orderNumber: order.number, email: PERSONAS.guest.email },
    });
    const code = /is: ([0-9]{6})/.exec((await latestMail(app, store, 'rights_code'))!.body!)![1]!;
    const other = code === '999999' ? '999998' : '999999';
    const url = `/api/stores/${store}/rights/verifications/${started.body.verificationId}/confirm`;
    for (let i = 0; i < 5; i++)
      expect((await api(app, 'POST', url, { ip: `10.9.9.${i}`, body: { code: other } })).status).toBe(401);
    expect((await api(app, 'POST', url, { ip: '10.9.9.9', body: { code } })).status).toBe(401);

    const again = await api(app, 'POST', `/api/stores/${store}/rights/verifications`, {
      body: { orderNumber: order.number, email: PERSONAS.guest.email },
    });
    const fresh = /is: ([0-9]{6})/.exec((await latestMail(app, store, 'rights_code'))!.body!)![1]!;
    clock.advance(16 * 60_000);
    expect(
      (
        await api(
          app,
          'POST',
          `/api/stores/${store}/rights/verifications/${again.body.verificationId}/confirm`,
          {
            body: { code: fresh },
          },
        )
      ).status,
    ).toBe(401);
  });

  it('DR-7, DR-8: anyone can complain; compliance (and only compliance) sees the queue with the one-month clock, takes it and answers; the answer is e-mailed; an overdue request is escalated', async () => {
    const store = 'skincare';
    const complaint = await api(app, 'POST', `/api/stores/${store}/complaints`, {
      body: {
        email: 'visitor.plaint@example.net',
        message: 'Your newsletter kept coming after I unsubscribed.',
      },
    });
    expect(complaint.status).toBe(201);
    expect(complaint.body.reference).toMatch(/^PR-[2-9A-Z]{8}$/);
    // GDPR one month from Monday 23 November: the end of 23 December, New York time.
    expect(complaint.body.dueAt).toBe('2026-12-24T04:59:59.999Z');
    expect(
      (
        await api(app, 'POST', `/api/stores/${store}/complaints`, {
          body: { email: 'not-an-address', message: 'hi there' },
        })
      ).status,
    ).toBe(400);

    const cs = await staffHeaders(app, clock, store, 'customer_service');
    expect(
      (await api(app, 'GET', `/api/admin/stores/${store}/privacy-requests`, { headers: cs })).status,
    ).toBe(403);
    const compliance = await staffHeaders(app, clock, store, 'compliance');
    const queue = await api(app, 'GET', `/api/admin/stores/${store}/privacy-requests`, {
      headers: compliance,
    });
    expect(queue.status).toBe(200);
    const listed = queue.body.requests.find((r: { id: string }) => r.id === complaint.body.id);
    expect(listed).toMatchObject({
      kind: 'complaint',
      status: 'received',
      overdue: false,
      requester: 'visitor',
    });
    expect(JSON.stringify(queue.body)).not.toContain('newsletter');
    const detail = await api(app, 'GET', `/api/admin/stores/${store}/privacy-requests/${complaint.body.id}`, {
      headers: compliance,
    });
    expect(detail.body.message).toContain('newsletter');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/privacy-requests/${complaint.body.id}/assign`, {
          headers: compliance,
        })
      ).body.status,
    ).toBe('in_progress');

    // A second complaint, left alone past its deadline, is escalated by the job.
    const late = await api(app, 'POST', `/api/stores/${store}/complaints`, {
      body: { email: 'visitor.plaint@example.net', message: 'And nobody answers.' },
    });
    const answered = await api(
      app,
      'POST',
      `/api/admin/stores/${store}/privacy-requests/${complaint.body.id}/answer`,
      {
        headers: compliance,
        body: {
          reply: 'We removed your address from every list; sorry for the trouble.',
          outcome: 'completed',
        },
      },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('completed');
    const mail = await latestMail(app, store, 'privacy_reply');
    expect(mail?.recipient).toBe('visitor.plaint@example.net');
    expect(mail?.body).toContain('removed your address');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/privacy-requests/${complaint.body.id}/answer`, {
          headers: compliance,
          body: { reply: 'again', outcome: 'completed' },
        })
      ).status,
    ).toBe(409);

    clock.advance(32 * 24 * 3600_000);
    await app.scheduler.runNow('rights.escalate-overdue');
    const after = await api(app, 'GET', `/api/admin/stores/${store}/privacy-requests`, {
      headers: await staffHeaders(app, clock, store, 'compliance'),
    });
    expect(after.body.requests.find((r: { id: string }) => r.id === late.body.id)).toMatchObject({
      overdue: true,
      escalated: true,
    });
  });

  it('DR-5: a restriction takes effect on the next request — customer service sees nothing of the shopper, the warehouse still ships the order, compliance still sees; lifting it restores the views', async () => {
    const store = 'skincare';
    const who = { ...ERIN, email: 'dr5.restrict@example.org', nickname: 'Restrictor' };
    await makeMember(app, store, who);
    const session = await signIn(store, who);
    const [sku] = await skusInStock(app, store, 1);
    const number = await memberOrder(store, session, who, sku!);
    const view = async (role: 'customer_service' | 'warehouse' | 'compliance') => {
      const res = await api(app, 'GET', `/api/admin/stores/${store}/orders/${number}`, {
        headers: await staffHeaders(app, clock, store, role),
      });
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    };
    expect(await view('customer_service')).toMatch(/•/);
    const restricted = await api(app, 'PUT', `/api/stores/${store}/me/restriction`, {
      headers: bearer(session),
    });
    expect(restricted.status).toBe(200);
    const cs = await view('customer_service');
    expect(cs).not.toMatch(/•/);
    for (const v of [who.email, who.recipientName, who.line1]) expect(cs).not.toContain(v);
    expect(await view('warehouse')).toContain(who.line1);
    expect(await view('compliance')).toContain(who.email);
    const mine = await api(app, 'GET', `/api/stores/${store}/me/requests`, { headers: bearer(session) });
    expect(mine.body.requests[0]).toMatchObject({ kind: 'restriction', status: 'completed' });
    // The member still sees everything of their own.
    const own = await api(app, 'GET', `/api/stores/${store}/orders/${number}`, { headers: bearer(session) });
    expect(own.body.order.shipTo.line1).toBe(who.line1);

    expect(
      (await api(app, 'DELETE', `/api/stores/${store}/me/restriction`, { headers: bearer(session) })).status,
    ).toBe(204);
    expect(await view('customer_service')).toMatch(/•/);
  });

  it('DR-4: a store that keeps published reviews keeps them signed "Verified buyer", linked to nobody; pending ones go', async () => {
    const store = 'skincare'; // its policy: reviewsOnErasure keep_as_verified_buyer
    const who = { ...ERIN, email: 'dr4.reviewer@example.org', nickname: 'Quillon' };
    const customerId = await makeMember(app, store, who);
    const session = await signIn(store, who);
    const [sku] = await skusInStock(app, store, 1);
    const number = await memberOrder(store, session, who, sku!);
    await ship(store, number);
    await advanceParcels(app, 24 * 10);
    const line = (
      await api(app, 'GET', `/api/stores/${store}/orders/${number}`, { headers: bearer(session) })
    ).body.order.lines[0];
    const written = await api(app, 'POST', `/api/stores/${store}/orders/${number}/reviews`, {
      headers: bearer(session),
      body: { sku: line.sku, rating: 5, text: 'Gentle and fragrance-free, lovely.' },
    });
    expect(written.status).toBe(201);
    const owner = await staffHeaders(app, clock, store, 'owner');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/reviews/${written.body.id}/publish`, {
          headers: owner,
        })
      ).status,
    ).toBe(200);
    const products = (await api(app, 'GET', `/api/stores/${store}/products?limit=100`)).body.items as {
      slug: string;
      name: string;
    }[];
    const slug = products.find((p) => p.name === line.productName)!.slug;
    const shown = async () =>
      (await api(app, 'GET', `/api/stores/${store}/products/${slug}/reviews`)).body.reviews as {
        name: string;
        text: string;
      }[];
    expect((await shown()).find((r) => r.text.startsWith('Gentle and fragrance-free'))?.name).toBe('Quillon');

    const done = await api(app, 'DELETE', `/api/stores/${store}/me`, {
      headers: bearer(session),
      body: { password: who.password },
    });
    expect(done.status).toBe(200);
    expect((await shown()).find((r) => r.text.startsWith('Gentle and fragrance-free'))?.name).toBe(
      'Verified buyer',
    );
    const rows = await everyRow();
    expect(
      rows.filter((r) => r.text.includes(customerId) || r.text.includes('Quillon')).map((r) => r.table),
    ).toEqual([]);
  });
});
