import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import {
  CheckpointSigner,
  createBackup,
  restoreBackup,
  verifyAudit,
  BackupFileError,
} from '#modules/privacy';
import { createTestApp, ENGINE, testKeyring, type TestApp } from '../support/test-app.ts';
import { makeMember, makeOrder, staffHeaders } from '../support/factories.ts';
import { api, policyVersion, skusInStock } from '../support/shop-api.ts';
import { TEST_CARDS } from '../support/personas.ts';
import { everyRow } from '../support/every-row.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';

// SEC-6, DR-4: a backup restores everyone as they were when it was taken — except a subject erased
// since, who stays erased: the erasure ledger of the live database beats the backup's keys, and the
// rows the backup brings back of them are erased again.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const key = { id: 'test-backup-key', key: randomBytes(32) };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Two members of this file only, with values no other row could match by accident. */
const KEEP = {
  nickname: 'Quillfeather',
  email: 'odile.marchbank@example.org',
  password: 'slow rivers 7 bend',
  address: { recipientName: 'Odile Marchbank', line1: '12 Lindenwold Close', city: 'Bexmoor' },
};
const ERASE = {
  nickname: 'Tarnwhistle',
  email: 'fenwick.orrery@example.org',
  password: 'tall ferns 9 sway',
  address: { recipientName: 'Fenwick Orrery', line1: '88 Cobblestave Row', city: 'Harrowgate' },
};

async function signIn(store: string, who: { email: string; password: string }) {
  return api(app, 'POST', `/api/stores/${store}/sessions`, { body: who });
}

async function memberOrder(store: string, who: typeof KEEP, sku: string): Promise<string> {
  const session = (await signIn(store, who)).body.sessionToken as string;
  await api(app, 'POST', `/api/stores/${store}/cart/lines`, {
    headers: bearer(session),
    body: { sku, quantity: 1 },
  });
  const res = await api(app, 'POST', `/api/stores/${store}/checkout`, {
    headers: { ...bearer(session), 'idempotency-key': `backup-${randomUUID()}` },
    body: {
      shippingAddress: { ...who.address, region: 'VT', postalCode: '05601', countryCode: 'US' },
      acceptPrivacyPolicyVersion: await policyVersion(app, store),
      payment: { card: { number: TEST_CARDS.approved, expMonth: 12, expYear: 2030, cvc: '123' } },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.order.number as string;
}

const eraseAgain = (tenantId: string, subjectId: string) =>
  app.runtime.asSystem(tenantId, 'backup.restore', (ctx) => ctx.subjectData.erase(ctx, subjectId, 'restore'));

describe(`SEC-6: backups that forget the erased (${ENGINE})`, () => {
  it('SEC-6, DR-4: a member erased after a backup stays unreadable and gone after that backup is restored, while the other member and the stores come back intact; what was written after the backup is what is lost', async () => {
    const store = 'skincare';
    const [skuA, skuB] = await skusInStock(app, store, 2);
    await makeMember(app, store, KEEP);
    await makeMember(app, store, ERASE);
    const kept = await memberOrder(store, KEEP, skuA!);
    const erasedOrder = await memberOrder(store, ERASE, skuB!);

    const backup = await createBackup(app.database, key, clock.now());
    for (const value of [KEEP.email, KEEP.address.line1, ERASE.address.recipientName])
      expect(backup.file.includes(Buffer.from(value))).toBe(false);

    // After the backup: the second member cancels their account, and a guest orders.
    const session = (await signIn(store, ERASE)).body.sessionToken as string;
    const cancelled = await api(app, 'DELETE', `/api/stores/${store}/me`, {
      headers: bearer(session),
      body: { password: ERASE.password },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const afterBackup = await makeOrder(app, store);

    const restored = await restoreBackup(app.database, backup.file, key, eraseAgain);
    expect(restored.erasedSince).toHaveLength(1);

    // The kept member signs in and reads their order with its address in clear.
    const keptSession = await signIn(store, KEEP);
    expect(keptSession.status).toBe(201);
    const order = await api(app, 'GET', `/api/stores/${store}/orders/${kept}`, {
      headers: bearer(keptSession.body.sessionToken as string),
    });
    expect(order.status).toBe(200);
    expect(JSON.stringify(order.body)).toContain(KEEP.address.line1);

    // The erased member: no account, and nothing of them in any table (their order is about nobody).
    expect((await signIn(store, ERASE)).status).toBe(401);
    const rows = await everyRow(app);
    for (const value of [ERASE.email, ERASE.nickname, ERASE.address.recipientName, ERASE.address.line1])
      expect(rows.filter((r) => r.text.includes(value)).map((r) => r.table)).toEqual([]);
    const staff = await staffHeaders(app, clock, store, 'customer_service');
    const erasedView = await api(app, 'GET', `/api/admin/stores/${store}/orders/${erasedOrder}`, {
      headers: staff,
    });
    expect(erasedView.status).toBe(200);
    expect(JSON.stringify(erasedView.body)).not.toContain('Fenwick');

    // The recovery point is the backup: the guest order placed after it is gone.
    const lost = await api(app, 'GET', `/api/admin/stores/${store}/orders/${afterBackup.number}`, {
      headers: staff,
    });
    expect(lost.status).toBe(404);

    // The restored audit log still verifies.
    const report = await app.database.asOperator((db) =>
      verifyAudit(db, CheckpointSigner.publicKeysOf(testKeyring())),
    );
    expect(report.problems).toEqual([]);
  }, 120_000);

  it('SEC-6: a backup of another schema version, or with a changed byte, restores nothing and leaves the stores as they were', async () => {
    const store = 'rugs';
    const before = await makeOrder(app, store);
    const backup = await createBackup(app.database, key, clock.now());
    const after = await makeOrder(app, store);
    const altered = Buffer.from(backup.file);
    altered[altered.length - 20] = altered[altered.length - 20]! ^ 0xff;
    await expect(restoreBackup(app.database, altered, key, eraseAgain)).rejects.toThrow(BackupFileError);
    const otherKey = { id: 'other', key: randomBytes(32) };
    await expect(restoreBackup(app.database, backup.file, otherKey, eraseAgain)).rejects.toThrow(
      /sealed with key test-backup-key, not with this backup key/,
    );
    const staff = await staffHeaders(app, clock, store, 'customer_service');
    for (const number of [before.number, after.number])
      expect(
        (await api(app, 'GET', `/api/admin/stores/${store}/orders/${number}`, { headers: staff })).status,
      ).toBe(200);
  }, 60_000);

  it('RT-5, SEC-6: a restore neither lifts a legal hold placed since the backup nor brings back one released since', async () => {
    const store = 'fragrance';
    const released = await makeOrder(app, store);
    const placed = await makeOrder(app, store);
    const compliance = await staffHeaders(app, clock, store, 'compliance');
    const hold = async (number: string) =>
      (
        await api(app, 'POST', `/api/admin/stores/${store}/legal-holds`, {
          headers: compliance,
          body: { orderNumber: number, basis: 'litigation', reference: `CASE-${number}` },
        })
      ).body.holds[0] as { id: string; subjectId: string };
    const first = await hold(released.number);
    const backup = await createBackup(app.database, key, clock.now());
    // After the backup: the first hold ends, a second one is placed.
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/legal-holds/${first.id}/release`, {
          headers: compliance,
        })
      ).status,
    ).toBe(200);
    const second = await hold(placed.number);

    await restoreBackup(app.database, backup.file, key, eraseAgain);
    const state = (subjectId: string) =>
      app.database.asOperator((db) =>
        queryRows<{ locked: boolean; standing: number }>(
          db,
          sql`select k.locked_key is not null as locked,
                (select count(*)::int from privacy.legal_hold h where h.subject_id = k.subject_id and h.released_at is null) as standing
              from privacy.subject_key k where k.subject_id = ${subjectId} and k.destroyed_at is null`,
        ).then((r) => r[0]!),
      );
    expect(await state(second.subjectId)).toEqual({ locked: true, standing: 1 });
    expect(await state(first.subjectId)).toEqual({ locked: false, standing: 0 });
    // And the released person's order reads again for customer service; the held one does not.
    const cs = await staffHeaders(app, clock, store, 'customer_service');
    const contact = async (number: string) =>
      (await api(app, 'GET', `/api/admin/stores/${store}/orders/${number}`, { headers: cs })).body
        .contactEmail;
    expect(await contact(released.number)).toMatch(/•/);
    expect(await contact(placed.number)).toBeNull();
  }, 60_000);
});
