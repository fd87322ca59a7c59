import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import type { VaultOpen } from '#modules/privacy';
import { OPEN_ROW } from '../../src/modules/privacy/vault/vault.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';

// AU-1: every decryption of a personal field by someone other than its subject — staff, jobs,
// event subscribers, API clients — leaves an audit event naming the same request, table and
// fields. The vault tells an observer of each open (never the value); the log must account for it.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
const opens: VaultOpen[] = [];

type EventRow = { request_id: string; table_name: string | null; fields: string[] };

async function auditEvents(): Promise<EventRow[]> {
  return app.database.asOperator((db) =>
    queryRows<EventRow>(db, sql`select request_id, table_name, fields from privacy.audit_event`),
  );
}

/** The opens by staff, jobs or API clients that no audit event of the same request accounts for. */
function unaudited(all: VaultOpen[], events: EventRow[]): VaultOpen[] {
  return all.filter((open) => {
    const kind = open.actor?.kind;
    if (kind !== 'staff' && kind !== 'system' && kind !== 'api_client') return false;
    return !events.some(
      (e) =>
        e.request_id === open.requestId &&
        e.table_name === open.table &&
        open.columns.every((c) => e.fields.some((f) => f === c || f.startsWith(`${c}:`))),
    );
  });
}

beforeAll(async () => {
  app = await createTestApp({ clock });
  app.vault.observeOpens((open) => opens.push(open));
});
afterAll(() => app.close());

describe(`AU-1: no personal field is opened without an audit event (${ENGINE})`, () => {
  it('AU-1: a checkout, its confirmation mail, every role’s order views, an unmask and the shopper’s own view — every open by others is audited', async () => {
    const order = await makeOrder(app, 'skincare');
    await app.deliverEvents(); // the confirmation mail reads the address as system:notifications…
    for (const role of ['owner', 'warehouse', 'customer_service', 'finance', 'compliance'] as const) {
      const headers = await staffHeaders(app, clock, 'skincare', role);
      expect((await api(app, 'GET', '/api/admin/stores/skincare/orders', { headers })).status).toBe(200);
      expect(
        (await api(app, 'GET', `/api/admin/stores/skincare/orders/${order.number}`, { headers })).status,
      ).toBe(200);
    }
    const cs = await staffHeaders(app, clock, 'skincare', 'customer_service');
    const unmask = await api(app, 'POST', `/api/admin/stores/skincare/orders/${order.number}/unmask`, {
      headers: cs,
      body: { field: 'phone', reason: 'delivery_problem', reference: 'CASE-9' },
    });
    expect(unmask.status).toBe(200);
    const own = await api(app, 'GET', `/api/stores/skincare/orders/${order.number}`, {
      headers: { 'x-order-access': order.accessToken ?? '' },
    });
    expect(own.status).toBe(200);

    const byOthers = opens.filter((o) => ['staff', 'system', 'api_client'].includes(o.actor?.kind ?? ''));
    // The flows above really decrypted fields: packers, customer service and the mail subscriber.
    const who = new Set(byOthers.map((o) => (o.actor?.kind === 'staff' ? o.actor.role : o.actor?.kind)));
    expect([...who]).toEqual(expect.arrayContaining(['warehouse', 'customer_service', 'system']));
    expect(opens.some((o) => o.actor?.kind === 'guest')).toBe(true); // and the shopper's own view did too
    expect(unaudited(opens, await auditEvents())).toEqual([]);
  });

  it('AU-1: the check is real — a decryption that bypasses the read path is caught', async () => {
    const order = await makeOrder(app, 'skincare');
    await app.deliverEvents(); // its confirmation mail's (audited) read is done before we count
    const before = opens.length;
    await app
      .as({ kind: 'staff', staffId: 'stf_rogue', role: 'customer_service' })
      .inStore('skincare', async (ctx) => {
        const [row] = await queryRows<{ id: string; contact_email: string }>(
          ctx.db,
          sql`select id, contact_email from orders."order" where number = ${order.number}`,
        );
        // What a page that forgot the read path would do: open the value directly.
        await ctx.vault[OPEN_ROW](ctx, 'orders.order', row!.id, { contact_email: row!.contact_email });
      });
    const missing = unaudited(opens.slice(before), await auditEvents()).filter(
      (o) => o.actor?.kind === 'staff' && o.actor.staffId === 'stf_rogue',
    );
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ table: 'orders.order', columns: ['contact_email'] });
  });
});
