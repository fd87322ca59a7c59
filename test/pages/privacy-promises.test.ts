import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import {
  PROMISES,
  listProcessors,
  terminateProcessor,
  findAuditEvents,
  isSealedValue,
  privacyDocument,
  undeclaredPersonalColumns,
  verifyAudit,
  CheckpointSigner,
  createBackup,
  restoreBackup,
  type PromiseId,
} from '#modules/privacy';
import { totpCode } from '#modules/staff';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../../src/seeds/demo/demo-staff.ts';
import { createTestApp, ENGINE, testKeyring, type TestApp } from '../support/test-app.ts';
import { makeMember, makeOrder, staffHeaders } from '../support/factories.ts';
import { anotherShopper, api, policyVersion, skusInStock } from '../support/shop-api.ts';
import { readOutbox } from '#modules/notifications';
import { randomBytes, randomUUID } from 'node:crypto';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';

// PV-5, PL-1: the privacy page is generated from the store's policy and the data inventory, and
// says nothing but registered promises. This file walks each promise on the page back to the
// mechanism that keeps it and exercises that mechanism; a promise without a check fails.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const G = PERSONAS.guest;
let app: TestApp;
let order: string;
let page: string;

const get = (url: string) => app.http.inject({ method: 'GET', url, remoteAddress: anotherShopper() });

/** The ids of the promises on a rendered page, in order. */
const promisesOn = (html: string) => [...html.matchAll(/data-promise="([a-z_]+)"/g)].map((m) => m[1]!);

/**
 * The text of the page's article that no promise carries: headings aside, there must be none.
 * Promise elements are <p> and <section> with data-promise, never nested in one another.
 */
function unclaimedText(html: string): string {
  const article = /<article[^>]*>([\s\S]*)<\/article>/.exec(html)?.[1] ?? '';
  return article
    .replace(/<section data-promise="[a-z_]+">[\s\S]*?<\/section>/g, '')
    .replace(/<p[^>]*data-promise="[a-z_]+"[^>]*>[\s\S]*?<\/p>/g, '')
    .replace(/<h[1-3][^>]*>[\s\S]*?<\/h[1-3]>/g, '')
    .replace(/<[^>]+>/g, '')
    .trim();
}

/** Every text-like column of the module schemas, for scanning stored values. */
async function textColumns() {
  return app.database.asOperator((tx) =>
    queryRows<{ table_schema: string; table_name: string; column_name: string }>(
      tx,
      sql`select c.table_schema, c.table_name, c.column_name from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where t.table_type = 'BASE TABLE'
            and c.table_schema not in ('pg_catalog', 'information_schema', 'drizzle', 'public')
            and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    ),
  );
}

/** How many stored values contain `needle`, across every text-like column. */
async function occurrences(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const c of await textColumns()) {
    const [row] = await app.database.asOperator((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${sql.identifier(c.table_schema)}.${sql.identifier(c.table_name)}
            where ${sql.identifier(c.column_name)}::text like ${'%' + needle + '%'}`,
      ),
    );
    if ((row?.n ?? 0) > 0) found.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
  }
  return found;
}

/** A member of the skincare store with a session, and (optionally) one paid order. */
async function member(
  email: string,
  withOrder = false,
): Promise<{ id: string; bearer: { authorization: string }; number?: string }> {
  const password = 'promises kept 2026';
  const id = await makeMember(app, 'skincare', { nickname: 'Keeper', email, password });
  const session = await api(app, 'POST', '/api/stores/skincare/sessions', { body: { email, password } });
  const bearer = { authorization: `Bearer ${session.body.sessionToken as string}` };
  if (!withOrder) return { id, bearer };
  const [sku] = await skusInStock(app, 'skincare', 1);
  await api(app, 'POST', '/api/stores/skincare/cart/lines', { headers: bearer, body: { sku, quantity: 1 } });
  const placed = await api(app, 'POST', '/api/stores/skincare/checkout', {
    headers: { ...bearer, 'idempotency-key': `promise-${randomUUID()}` },
    body: {
      shippingAddress: {
        recipientName: 'Keeper Promise',
        line1: '9 Vow Street',
        city: 'Troth',
        region: 'NY',
        postalCode: '10001',
        countryCode: 'US',
      },
      acceptPrivacyPolicyVersion: await policyVersion(app, 'skincare'),
      payment: { card: { number: TEST_CARDS.approved, expMonth: 12, expYear: 2030, cvc: '123' } },
    },
  });
  expect(placed.status).toBe(201);
  return { id, bearer, number: placed.body.order.number as string };
}

/** Each promise's check: exercises the mechanism named in PROMISES. */
const CHECKS: Record<PromiseId, () => Promise<void>> = {
  async rights_centre() {
    const m = await member('centre.promise@example.org', true);
    const exported = await api(app, 'GET', '/api/stores/skincare/me/export', { headers: m.bearer });
    expect(exported.body.tables['accounts.customer'][0].email).toBe('centre.promise@example.org');
    expect(JSON.stringify(exported.body.tables['orders.order'])).toContain('9 Vow Street');
    // Without proof of who you are, the centre shows nothing and sends you to sign in or verify.
    const anonymous = await get('/s/skincare/privacy/centre');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/s/skincare/privacy/access');
  },

  async history_deletion() {
    const m = await member('history.promise@example.org', true);
    const done = await api(app, 'POST', '/api/stores/skincare/me/history-deletion', {
      headers: m.bearer,
      body: { password: 'promises kept 2026' },
    });
    expect(done.status).toBe(200);
    expect(done.body.receipt.waiting).toBeGreaterThanOrEqual(1); // the paid order is still on its way
    const due = await app.inStore('skincare', async (ctx) => ctx.calendar.addWorkingDays(3));
    expect(done.body.request.dueAt).toBe(due.toISOString());
    expect(page).toContain('within 3 working days');
  },

  async account_erasure() {
    const m = await member('erasure.promise@example.org', true);
    const done = await api(app, 'DELETE', '/api/stores/skincare/me', {
      headers: m.bearer,
      body: { password: 'promises kept 2026' },
    });
    expect(done.status).toBe(200);
    expect(done.body.receipt.keysDestroyed).toBeGreaterThanOrEqual(1);
    expect((await api(app, 'GET', '/api/stores/skincare/me', { headers: m.bearer })).status).toBe(401);
    expect(await occurrences(m.id)).toEqual([]);
    const kept = await app.database.asOperator((tx) =>
      queryRows<{ total: number; subject: string | null }>(
        tx,
        sql`select total_cents as total, subject_id as subject from orders."order" where number = ${m.number!}`,
      ),
    );
    expect(kept).toEqual([{ total: expect.any(Number), subject: null }]);
  },

  async guest_rights() {
    const started = await api(app, 'POST', '/api/stores/skincare/rights/verifications', {
      body: { orderNumber: order, email: G.email },
    });
    await app.background.settled(); // the code is sent after the answer
    const mail = (await app.inStore('skincare', (ctx) => readOutbox(ctx, 20))).find(
      (m) => m.template === 'rights_code',
    );
    const code = /is: ([0-9]{6})/.exec(mail!.body!)![1]!;
    const url = `/api/stores/skincare/rights/verifications/${started.body.verificationId}/confirm`;
    expect((await api(app, 'GET', '/api/stores/skincare/me/export')).status).toBe(401);
    const ok = await api(app, 'POST', url, { body: { code } });
    expect(ok.status).toBe(201);
    const exported = await api(app, 'GET', '/api/stores/skincare/me/export', {
      headers: { 'x-rights-token': ok.body.rightsToken },
    });
    expect(JSON.stringify(exported.body.tables['orders.order'])).toContain(order);
  },

  async restriction() {
    const m = await member('restriction.promise@example.org', true);
    const cs = async () =>
      JSON.stringify(
        (
          await api(app, 'GET', `/api/admin/stores/skincare/orders/${m.number!}`, {
            headers: await staffHeaders(app, clock, 'skincare', 'customer_service'),
          })
        ).body,
      );
    expect(await cs()).toContain('•');
    expect((await api(app, 'PUT', '/api/stores/skincare/me/restriction', { headers: m.bearer })).status).toBe(
      200,
    );
    expect(await cs()).not.toContain('•');
    const warehouse = await api(app, 'GET', `/api/admin/stores/skincare/orders/${m.number!}`, {
      headers: await staffHeaders(app, clock, 'skincare', 'warehouse'),
    });
    expect(JSON.stringify(warehouse.body)).toContain('9 Vow Street');
  },

  async requests_clock() {
    const filed = await api(app, 'POST', '/api/stores/skincare/complaints', {
      body: { email: 'clock.promise@example.net', message: 'Nobody told me where my data goes.' },
    });
    expect(filed.status).toBe(201);
    const due = await app.inStore('skincare', async (ctx) => ctx.calendar.endOfMonthsAfter(1));
    expect(filed.body.dueAt).toBe(due.toISOString());
    const queue = await api(app, 'GET', '/api/admin/stores/skincare/privacy-requests', {
      headers: await staffHeaders(app, clock, 'skincare', 'compliance'),
    });
    expect(queue.body.requests.find((r: { id: string }) => r.id === filed.body.id)).toMatchObject({
      kind: 'complaint',
      overdue: false,
      escalated: false,
    });
  },

  async personalisation_consent() {
    const m = await member('consent.promise@example.org');
    const state = await api(app, 'GET', '/api/stores/skincare/me/consent', { headers: m.bearer });
    expect(state.status, JSON.stringify(state.body)).toBe(200);
    expect(state.body.personalisation.on).toBe(false);
    const gpc = { ...m.bearer, 'sec-gpc': '1' };
    expect(
      (
        await api(app, 'PUT', '/api/stores/skincare/me/consent', {
          headers: gpc,
          body: { personalisation: true },
        })
      ).status,
    ).toBe(409);
    await api(app, 'PUT', '/api/stores/skincare/me/consent', {
      headers: m.bearer,
      body: { personalisation: true },
    });
    const signalled = await api(app, 'GET', '/api/stores/skincare/recommendations', { headers: gpc });
    expect(signalled.body.personalised).toBe(false);
    const after = await api(app, 'GET', '/api/stores/skincare/me/consent', { headers: m.bearer });
    expect(after.body.personalisation).toMatchObject({
      on: false,
      source: 'gpc',
      policyVersion: await policyVersion(app, 'skincare'),
    });
    expect(page).toContain('or Do Not Track signal');
  },

  async generated() {
    // The table is the inventory: one row per declared field of shoppers and members, and a
    // change to a declaration changes the page.
    const fields = app.inventory.declarations
      .filter((d) => d.subject !== 'staff')
      .flatMap((d) => Object.keys(d.fields));
    const rows = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1]?.match(/<tr>/g) ?? [];
    expect(rows.length).toBe(fields.length);
    const changed = app.inventory.declarations.map((d) =>
      d.module === 'orders'
        ? {
            ...d,
            fields: {
              ...d.fields,
              'orders.order.contact_email': { ...d.fields['orders.order.contact_email']!, readableBy: [] },
            },
          }
        : d,
    );
    const doc = privacyDocument({
      storeName: 'x',
      contactEmail: 'x@x.example',
      version: { version: 'v', effectiveOn: '2026-01-01' },
      purposeWords: {},
      inventory: changed,
    });
    expect(doc.collected.find((r) => r.detail === 'order — contact email')?.who).toBe(
      'nobody (used by the system only)',
    );
    expect(page).toMatch(
      /order — contact email<\/td><td>[^<]*<\/td><td>you, customer service \(partly hidden\)/,
    );
  },

  async collected() {
    // Every column of every module table is accounted for by the inventory the table is built from.
    const all = await app.database.asOperator((tx) =>
      queryRows<{ schema: string; table: string; column: string; type: string }>(
        tx,
        sql`select table_schema as schema, table_name as "table", column_name as "column", data_type as type from information_schema.columns
            where table_schema not in ('pg_catalog', 'information_schema', 'drizzle', 'public')`,
      ),
    );
    expect(undeclaredPersonalColumns(all, app.inventory)).toEqual([]);
    expect(page).toContain('shipping address — recipient name');
  },

  async contact() {
    // The address is the one the store publishes, and its contact page gives the same one.
    const address = await app.inStore('skincare', async (ctx) => ctx.tenant.policy.contactEmail);
    expect(page).toContain(`write to ${address}.`);
    expect((await get('/s/skincare/contact')).body).toContain(`mailto:${address}`);
  },

  async versions() {
    const changes = await get('/s/skincare/privacy/changes');
    expect(changes.statusCode).toBe(200);
    expect(changes.body).toContain('Version 2026-12-07');
    expect(changes.body).toContain('takes effect on 2026-12-07');
    expect(changes.body).toContain('in effect since 2026-01-15');
    // The version in effect was kept at start-up, as it read.
    const kept = await get('/s/skincare/privacy/versions/2026-01-15');
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toContain('This is version 2026-01-15');
    expect((await get('/s/skincare/privacy/versions/1999-01-01')).statusCode).toBe(404);
    // Checkout asks consent to the version in effect, not the announced one.
    expect(await policyVersion(app, 'skincare')).toBe('2026-01-15');
  },

  async policy_notice() {
    // A member of the store hears of the version announced for a later day, by e-mail, once.
    await makeMember(app, 'skincare', {
      nickname: 'Wren',
      email: 'wren.notice@example.org',
      password: 'a long enough pass 42',
    });
    await app.scheduler.runNow('accounts.announce-policy-changes');
    await app.deliverEvents();
    const notices = (await app.emulators!.mail!.messages('skincare')).filter(
      (m) => m.template === 'policy_notice' && m.to.includes('wren.notice@example.org'),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('On 2026-12-07');
  },

  async role_views() {
    const detail = async (role: 'warehouse' | 'finance' | 'customer_service') =>
      JSON.stringify(
        (
          await api(app, 'GET', `/api/admin/stores/skincare/orders/${order}`, {
            headers: await staffHeaders(app, clock, 'skincare', role),
          })
        ).body,
      );
    const warehouse = await detail('warehouse');
    expect(warehouse).toContain(G.recipientName);
    expect(warehouse).toContain(G.line1);
    expect(warehouse).not.toContain(G.email);
    const finance = await detail('finance');
    expect(finance).toContain('totalCents');
    for (const v of [G.recipientName, G.line1, G.email]) expect(finance).not.toContain(v);
    const cs = await detail('customer_service');
    expect(cs).toContain('•');
    for (const v of [G.recipientName, G.line1, G.email, G.phone]) expect(cs).not.toContain(v);
  },

  async unmask_with_reason() {
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const url = `/api/admin/stores/skincare/orders/${order}/unmask`;
    expect((await api(app, 'POST', url, { headers: cs, body: { field: 'contact_email' } })).status).toBe(400);
    const ok = await api(app, 'POST', url, {
      headers: cs,
      body: { field: 'contact_email', reason: 'delivery_problem', reference: 'CASE-7' },
    });
    expect(ok.status).toBe(200);
    const finance = await staffHeaders(app, clock, 'skincare', 'finance');
    expect(
      (
        await api(app, 'POST', url, {
          headers: finance,
          body: { field: 'contact_email', reason: 'delivery_problem', reference: 'CASE-7' },
        })
      ).status,
    ).toBe(403);
    for (let i = 1; i < 10; i++)
      await api(app, 'POST', url, {
        headers: cs,
        body: { field: 'city', reason: 'delivery_problem', reference: `CASE-${i}` },
      });
    const eleventh = await api(app, 'POST', url, {
      headers: cs,
      body: { field: 'city', reason: 'delivery_problem', reference: 'CASE-11' },
    });
    expect(eleventh.status).toBe(429);
    const logged = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, { action: 'unmask' }));
    expect(logged.length).toBe(10);
  },

  async aggregates_only() {
    const ops = await staffHeaders(app, clock, 'skincare', 'operations');
    expect(
      (await api(app, 'GET', `/api/admin/stores/skincare/orders/${order}`, { headers: ops })).status,
    ).toBe(403);
    // One order today: fewer than 5 buyers, so the day is suppressed, not shown as one person's order.
    const report = await api(app, 'GET', '/api/admin/stores/skincare/reports/sales?days=7', { headers: ops });
    expect(report.status).toBe(200);
    expect(report.body.byDay.rows).toEqual([]);
    expect(report.body.byDay.suppressedGroups).toBeGreaterThan(0);
    expect(JSON.stringify(report.body)).not.toContain(order);
  },

  async staff_mfa() {
    clock.advance(30_000);
    const body = { email: 'finance@skincare.example', password: DEMO_STAFF_PASSWORD };
    const login = (extra: Record<string, unknown>) =>
      api(app, 'POST', '/api/admin/sessions', { ip: anotherShopper(), body: { ...body, ...extra } });
    expect((await login({ totp: '000000' })).status).toBe(401);
    expect((await login({})).status).toBe(401);
    expect((await login({ totp: totpCode(DEMO_STAFF_TOTP_SECRET, clock.now()) })).status).toBe(200);
  },

  async sealed_per_person() {
    const second = await makeOrder(app, 'skincare');
    const rows = await app.database.asOperator((tx) =>
      queryRows<{ contact_email: string; subject_id: string }>(
        tx,
        sql`select contact_email, subject_id from orders."order" where number in (${order}, ${second.number})`,
      ),
    );
    expect(rows.length).toBe(2);
    for (const r of rows) {
      expect(isSealedValue(r.contact_email)).toBe(true);
      expect(r.contact_email).not.toContain(G.email);
    }
    expect(rows[0]!.subject_id).not.toBe(rows[1]!.subject_id);
    const keys = await app.database.asOperator((tx) =>
      queryRows<{ subject_id: string }>(
        tx,
        sql`select subject_id from privacy.subject_key where subject_id in (${rows[0]!.subject_id}, ${rows[1]!.subject_id})`,
      ),
    );
    expect(new Set(keys.map((k) => k.subject_id)).size).toBe(2);
  },

  async audit_reads() {
    const headers = await staffHeaders(app, clock, 'skincare', 'warehouse');
    const before = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, { action: 'read' }));
    await api(app, 'GET', `/api/admin/stores/skincare/orders/${order}`, { headers });
    const after = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, { action: 'read' }));
    const added = after.filter((e) => !before.some((b) => b.seq === e.seq));
    expect(added.some((e) => e.role === 'warehouse' && e.fields.includes('recipient_name'))).toBe(true);
    for (const v of [G.recipientName, G.line1, G.email]) expect(JSON.stringify(added)).not.toContain(v);
    const report = await app.database.asOperator((db) =>
      verifyAudit(db, CheckpointSigner.publicKeysOf(testKeyring())),
    );
    expect(report.ok).toBe(true);
  },

  async sharing_gate() {
    // A share is recorded by field names, with the order it concerns; never a value.
    const compliance = await staffHeaders(app, clock, 'skincare', 'compliance');
    const order = await makeOrder(app, 'skincare');
    const register = async (query: string) =>
      (await api(app, 'GET', `/api/admin/stores/skincare/disclosures${query}`, { headers: compliance })).body
        .disclosures as { fields: string[]; outcome: string; reason: string | null }[];
    const [entry] = await register(`?ref=${order.number}`);
    expect(entry!.fields).toContain('amount_cents');
    expect(JSON.stringify(entry)).not.toContain(PERSONAS.guest.email);
    // Ending the agreement stops the flow at once: the next checkout sends nothing and is refused.
    const processors = (
      await api(app, 'GET', '/api/admin/stores/skincare/processors', { headers: compliance })
    ).body.processors as {
      id: string;
      kind: string;
      state: string;
      name: string;
      purpose: string;
      agreementRef: string;
      fields: string[];
    }[];
    const payment = processors.find((x) => x.kind === 'payment_provider' && x.state === 'active')!;
    await api(app, 'POST', `/api/admin/stores/skincare/processors/${payment.id}/terminate`, {
      headers: compliance,
      body: { reason: 'promise check' },
    });
    await expect(makeOrder(app, 'skincare')).rejects.toThrow(/503/);
    expect((await register('?outcome=refused'))[0]!.reason).toContain('no active payment provider');
    // Registered again (the other checks place orders).
    const again = await api(app, 'POST', '/api/admin/stores/skincare/processors', {
      headers: compliance,
      body: {
        kind: 'payment_provider',
        name: payment.name,
        purpose: payment.purpose,
        agreementRef: payment.agreementRef,
        fields: payment.fields,
      },
    });
    expect(again.status).toBe(201);
  },

  async card_not_stored() {
    expect(await occurrences(TEST_CARDS.approved)).toEqual([]);
    expect(await occurrences(TEST_CARDS.approved.slice(-8))).toEqual([]);
  },

  async no_special_categories() {
    const columns = await textColumns();
    const allowed = new Set([
      'account',
      'transaction',
      'logistics',
      'browsing',
      'after_sales',
      'technical',
      'marketplace_buyer',
      'merchant_business',
    ]);
    for (const f of app.inventory.fields.values()) expect(allowed.has(f.category)).toBe(true);
    expect(
      columns
        .map((c) => c.column_name)
        .filter((n) =>
          /biometric|passport|id_document|device_fingerprint|national_id|device_id|face|iris/.test(n),
        ),
    ).toEqual([]);
  },

  async recipients() {
    // The page names each active processor with exactly the details its agreement allows; a
    // parcel then goes to the carrier with those details only, and every connection the process
    // opens leads to the database, this server's own emulators or the local mail catcher.
    const sentences = (html: string) =>
      [...html.matchAll(/data-promise="recipients"[^>]*>([^<]*)</g)].map((m) => m[1]!);
    const listed = sentences(page);
    const carrierLine = listed.find((l) => l.startsWith('Emulated Express'));
    expect(carrierLine).toContain('the recipient’s name');
    expect(carrierLine).toContain('customs declaration of the goods');
    expect(carrierLine).not.toContain('e-mail');
    expect(
      listed.some(
        (l) => l.startsWith('Emulated tracking') && !l.includes('recipient') && !l.includes('street'),
      ),
    ).toBe(true);

    const opened: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied with the socket as `this`
    const original = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // net.connect hands the socket its arguments already normalised, as [options, callback].
      const [first, second] = (Array.isArray(args[0]) ? args[0] : args) as [unknown, unknown];
      const target =
        typeof first === 'object' && first !== null
          ? `${(first as { host?: string }).host ?? (first as { path?: string }).path}:${(first as { port?: number }).port ?? ''}`
          : `${typeof second === 'string' ? second : 'localhost'}:${String(first)}`;
      opened.push(target);
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    };
    let tracking: string;
    try {
      const placed = await makeOrder(app, 'skincare');
      const headers = await staffHeaders(app, clock, 'skincare', 'warehouse');
      const shipped = await api(app, 'POST', `/api/admin/stores/skincare/orders/${placed.number}/shipments`, {
        headers,
      });
      expect(shipped.status).toBe(201);
      tracking = shipped.body.trackingNumber as string;
      await app.deliverEvents();
      await app.deliverEvents();
    } finally {
      net.Socket.prototype.connect = original;
    }
    const own = new URL(app.origin);
    const database = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : undefined;
    const mail = new URL(app.emulators!.mail!.url()!.replace('smtp:', 'http:'));
    const allowed = [
      `${own.hostname}:${own.port}`,
      `${mail.hostname}:${mail.port}`,
      ...(database ? [`${database.hostname}:${database.port || '5432'}`] : []),
    ];
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.filter((t) => !allowed.includes(t))).toEqual([]);
    const label = app.emulators!.carrier.all().find((r) => r.path === '/emulators/carrier/v1/labels');
    expect(JSON.stringify(label?.body)).not.toContain(G.email);

    // Ending the tracking provider's agreement takes it off the page, and it hears of no new parcel.
    await app.inStore('skincare', async (ctx) => {
      const provider = (await listProcessors(ctx)).find(
        (p) => p.kind === 'tracking_provider' && p.state === 'active',
      );
      await terminateProcessor(ctx, provider!.id, 'test: agreement ended');
    });
    const after = sentences((await get('/s/skincare/privacy')).body);
    expect(after.some((l) => l.startsWith('Emulated tracking'))).toBe(false);
    const before = app.emulators!.tracking.log.all().length;
    const next = await makeOrder(app, 'skincare');
    const headers = await staffHeaders(app, clock, 'skincare', 'warehouse');
    await api(app, 'POST', `/api/admin/stores/skincare/orders/${next.number}/shipments`, { headers });
    await app.deliverEvents();
    expect(app.emulators!.tracking.log.all().length).toBe(before);
    expect(tracking).toMatch(/^EMU/);
  },

  async cookieless_browsing() {
    const product = /href="(\/s\/skincare\/p\/[a-z0-9-]+)"/.exec((await get('/s/skincare')).body)?.[1];
    expect(product).toBeTruthy();
    for (const url of ['/s/skincare', product!, '/s/skincare/search?q=serum', '/s/skincare/privacy']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
  },

  async backups_forget() {
    const key = { id: 'promise-backup', key: randomBytes(32) };
    const m = await member('backup.promise@example.org', true);
    const backup = await createBackup(app.database, key, clock.now());
    expect(backup.file.includes(Buffer.from('backup.promise@example.org'))).toBe(false);
    const done = await api(app, 'DELETE', '/api/stores/skincare/me', {
      headers: m.bearer,
      body: { password: 'promises kept 2026' },
    });
    expect(done.status).toBe(200);
    const restored = await restoreBackup(app.database, backup.file, key, (tenantId, subjectId) =>
      app.runtime.asSystem(tenantId, 'backup.restore', (ctx) =>
        ctx.subjectData.erase(ctx, subjectId, 'restore'),
      ),
    );
    expect(restored.erasedSince).toHaveLength(1);
    expect(await occurrences(m.id)).toEqual([]);
    expect(await occurrences('backup.promise@example.org')).toEqual([]);
    const signIn = await api(app, 'POST', '/api/stores/skincare/sessions', {
      body: { email: 'backup.promise@example.org', password: 'promises kept 2026' },
    });
    expect(signIn.status).toBe(401);
  },

  async incident_clocks() {
    const compliance = await staffHeaders(app, clock, 'skincare', 'compliance');
    const opened = await api(app, 'POST', '/api/admin/stores/skincare/incidents', {
      headers: compliance,
      body: { kind: 'disclosure', summary: 'A parcel label was printed for the wrong order.' },
    });
    expect(opened.status).toBe(201);
    const aware = new Date(opened.body.awareAt as string).getTime();
    const dues = (opened.body.clocks as { dueAt: string }[]).map((c) => new Date(c.dueAt).getTime() - aware);
    expect(dues).toEqual([24 * 3_600_000, 72 * 3_600_000]);
    const back = clock.now();
    clock.advance(24 * 3_600_000 + 60_000);
    await app.scheduler.runNow('security.watch-incident-clocks');
    const late = await api(app, 'GET', `/api/admin/stores/skincare/incidents/${opened.body.reference}`, {
      headers: await staffHeaders(app, clock, 'skincare', 'compliance'),
    });
    expect(late.body.timeline.some((t: { kind: string }) => t.kind === 'escalated')).toBe(true);
    clock.set(back);
    // The detectors run on their own, every minute.
    expect(app.scheduler.jobIds()).toContain('security.detect');
  },

  async consent_asked_again() {
    // Exercised in another store, so this page's own versions stay as the other checks expect.
    const email = 'asked.promise@example.org';
    await makeMember(app, 'rugs', { nickname: 'Asked', email, password: 'promises kept 2026' });
    const login = async () =>
      `Bearer ${(await api(app, 'POST', '/api/stores/rugs/sessions', { ip: anotherShopper(), body: { email, password: 'promises kept 2026' } })).body.sessionToken as string}`;
    let authorization = await login();
    await api(app, 'PUT', '/api/stores/rugs/me/consent', {
      headers: { authorization },
      body: { personalisation: true },
    });
    const back = clock.now();
    const day = new Date(back.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const published = await api(app, 'POST', '/api/admin/stores/rugs/policy-versions', {
      headers: await staffHeaders(app, clock, 'rugs', 'compliance'),
      body: {
        version: `${day}-c`,
        effectiveOn: day,
        summary: ['Suggestions change.'],
        asksConsentAgain: true,
      },
    });
    expect(published.status).toBe(201);
    clock.set(new Date(`${day}T16:00:00Z`));
    authorization = await login();
    const seen = await api(app, 'GET', '/api/stores/rugs/me/consent', { headers: { authorization } });
    expect(seen.body.personalisation).toMatchObject({ on: false, source: 'policy_change' });
    clock.set(back);
  },

  async inactive_lock() {
    const m = await member('inactive.promise@example.org');
    const lockState = () =>
      app.database.asOperator((db) =>
        queryRows<{ locked: boolean }>(
          db,
          sql`select locked_key is not null as locked from privacy.subject_key where subject_id = ${m.id} and destroyed_at is null`,
        ).then((r) => r[0]!.locked),
      );
    // This member's clock is set back (the others' are not): 800 days since their last log-in.
    await app.database.asOperator((db) =>
      queryRows(
        db,
        sql`update accounts.customer set last_login_at = ${new Date(clock.now().getTime() - 800 * 86_400_000)} where id = ${m.id}`,
      ),
    );
    const runRule = () =>
      app.inStore('skincare', (ctx) => ctx.retention.run(ctx, { only: ['inactive_accounts'] }));
    await runRule();
    const notice = (await app.inStore('skincare', (ctx) => readOutbox(ctx, 50))).find(
      (x) => x.template === 'inactivity_notice',
    );
    expect(notice?.body).toContain('we will lock it');
    expect(await lockState()).toBe(false); // told first, locked only after the notice period
    await app.database.asOperator((db) =>
      queryRows(
        db,
        sql`update accounts.customer set inactivity_notice_at = ${new Date(clock.now().getTime() - 31 * 86_400_000)} where id = ${m.id}`,
      ),
    );
    await runRule();
    expect(await lockState()).toBe(true);
    expect((await api(app, 'GET', '/api/stores/skincare/me', { headers: m.bearer })).status).toBe(401);
    const back = await api(app, 'POST', '/api/stores/skincare/sessions', {
      ip: anotherShopper(),
      body: { email: 'inactive.promise@example.org', password: 'promises kept 2026' },
    });
    expect(back.status).toBe(201);
    expect(await lockState()).toBe(false);
  },

  async legal_holds() {
    // Past the time codes the incident check used a day ahead (a TOTP code is never taken twice).
    clock.advance(25 * 3_600_000);
    const held = await makeOrder(app, 'skincare');
    const compliance = await staffHeaders(app, clock, 'skincare', 'compliance');
    const placed = await api(app, 'POST', '/api/admin/stores/skincare/legal-holds', {
      headers: compliance,
      body: { orderNumber: held.number, basis: 'authority_request', reference: 'AUTH-77' },
    });
    expect(placed.status).toBe(201);
    const hold = placed.body.holds[0] as { id: string; subjectId: string };
    const refused = await app.inStore('skincare', (ctx) =>
      ctx.subjectData.erase(ctx, hold.subjectId, 'req_promise').then(
        () => 'erased',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toContain('legal hold');
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const seen = await api(app, 'GET', `/api/admin/stores/skincare/orders/${held.number}`, { headers: cs });
    expect(seen.body.contactEmail).toBeNull();
    const opened = await api(app, 'POST', `/api/admin/stores/skincare/legal-holds/${hold.id}/open`, {
      headers: compliance,
      body: { reason: 'answer_authority' },
    });
    expect(JSON.stringify(opened.body)).toContain(G.email);
    const released = await api(app, 'POST', `/api/admin/stores/skincare/legal-holds/${hold.id}/release`, {
      headers: compliance,
    });
    expect(released.status).toBe(200);
    const again = await api(app, 'GET', `/api/admin/stores/skincare/orders/${held.number}`, { headers: cs });
    expect(again.body.contactEmail).toMatch(/•/);
  },

  async anonymous_counts() {
    await get(`/s/skincare/search?q=${encodeURIComponent(G.email)}`);
    await get(`/s/skincare/search?q=${encodeURIComponent(G.phone)}`);
    await get('/s/skincare/search?q=serum');
    await app.flushActivity();
    const stats = await app.database.asOperator((tx) =>
      queryRows<{ query: string }>(tx, sql`select query from catalog.search_stat`),
    );
    expect(stats.some((s) => s.query === 'serum')).toBe(true);
    expect(JSON.stringify(stats)).not.toContain('quenby');
    expect(JSON.stringify(stats)).not.toContain('900417');
    const columns = await app.database.asOperator((tx) =>
      queryRows<{ column_name: string }>(
        tx,
        sql`select column_name from information_schema.columns where table_schema = 'catalog' and table_name = 'search_stat' order by 1`,
      ),
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'day',
      'query',
      'searches',
      'tenant_id',
      'zero_results',
    ]);
  },
};

beforeAll(async () => {
  app = await createTestApp({ clock });
  order = (await makeOrder(app, 'skincare')).number; // paid with TEST_CARDS.approved
  page = (await get('/s/skincare/privacy')).body;
});
afterAll(() => app.close());

describe(`PV-5: every promise of the privacy page has a mechanism that keeps it (${ENGINE})`, () => {
  it('PV-5: the page says nothing but registered promises, and each registered promise has a check here', () => {
    const shown = promisesOn(page);
    expect(shown.length).toBeGreaterThan(5);
    // The shopper's rights are on the page (issue 14), each kept by a check below.
    expect(shown).toEqual(
      expect.arrayContaining([
        'rights_centre',
        'history_deletion',
        'account_erasure',
        'guest_rights',
        'restriction',
        'requests_clock',
        'personalisation_consent',
        'backups_forget',
        'incident_clocks',
        'inactive_lock',
        'legal_holds',
        'consent_asked_again',
      ]),
    );
    for (const id of shown) expect(Object.keys(PROMISES)).toContain(id);
    expect(unclaimedText(page)).toBe('');
    expect(Object.keys(CHECKS).sort()).toEqual(Object.keys(PROMISES).sort());
  });

  for (const id of Object.keys(PROMISES) as PromiseId[]) {
    it(`PV-5: “${id}” is kept by ${PROMISES[id]}`, async () => {
      if (!promisesOn(page).includes(id)) return; // not on this page: nothing to keep
      await CHECKS[id]();
    });
  }

  it('PL-1, PV-5: when the announced version takes effect it is kept and asked for; the earlier one stays readable', async () => {
    clock.set(new Date('2026-12-07T15:00:00Z'));
    await app.scheduler.runNow('privacy.keep-policy-version');
    const now = await get('/s/skincare/privacy');
    expect(now.body).toContain('This is version 2026-12-07, in effect since 2026-12-07');
    expect(await policyVersion(app, 'skincare')).toBe('2026-12-07');
    const old = await get('/s/skincare/privacy/versions/2026-01-15');
    expect(old.body).toContain('You are reading version 2026-01-15');
    const kept = await get('/s/skincare/privacy/versions/2026-12-07');
    expect(kept.statusCode).toBe(200);
    const changes = await get('/s/skincare/privacy/changes');
    expect(changes.body).toContain('in effect since 2026-12-07');
    expect(changes.body).toContain('Read version 2026-01-15 as it was');
  });
});
