import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { totpCode } from '#modules/staff';
import { findAuditEvents } from '#modules/privacy';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '#seeds/demo/demo-staff.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { anotherShopper, api } from '../support/shop-api.ts';

// SEC-3, SEC-4: staff sign in with a password and a TOTP code, enrol MFA on first log-in, get
// locked out after repeated failures, and lose every session at once when disabled or moved.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;

const code = (secret = DEMO_STAFF_TOTP_SECRET) => totpCode(secret, clock.now());
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs in a demo staff user; each call moves the clock on a time step so a code is never reused. */
async function logIn(email: string, password = DEMO_STAFF_PASSWORD) {
  clock.advance(30_000);
  return api(app, 'POST', '/api/admin/sessions', {
    ip: anotherShopper(),
    body: { email, password, totp: code() },
  });
}

beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

describe(`SEC-3: staff log-in with mandatory MFA (${ENGINE})`, () => {
  it('SEC-3: a demo staff user signs in with password and TOTP and sees their store and role', async () => {
    const res = await logIn('warehouse@rugs.example');
    expect(res.status).toBe(200);
    expect(res.body.sessionToken).toMatch(/^stf_/);
    const me = await api(app, 'GET', '/api/admin/me', { headers: bearer(res.body.sessionToken) });
    expect(me.status).toBe(200);
    expect(me.body.stores).toEqual([{ store: 'rugs', name: expect.any(String), role: 'warehouse' }]);
  });

  it('SEC-3: without the code, with a wrong code, or with a code used before, there is no session', async () => {
    const email = 'finance@rugs.example';
    const none = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email, password: DEMO_STAFF_PASSWORD },
    });
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(/code from your authenticator/);
    clock.advance(30_000);
    const wrong = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email, password: DEMO_STAFF_PASSWORD, totp: code() === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(401);
    const ok = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email, password: DEMO_STAFF_PASSWORD, totp: code() },
    });
    expect(ok.status).toBe(200);
    const replay = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email, password: DEMO_STAFF_PASSWORD, totp: code() },
    });
    expect(replay.status).toBe(401); // the same code, twice
  });

  it('SEC-3: an unknown address and a wrong password get the same answer', async () => {
    clock.advance(30_000);
    const unknown = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email: 'nobody@rugs.example', password: DEMO_STAFF_PASSWORD, totp: code() },
    });
    const wrong = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email: 'operations@rugs.example', password: 'Not-The-Password-1', totp: code() },
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('SEC-3: five failures lock the account for 15 minutes, even for the right password', async () => {
    const email = 'compliance@fragrance.example';
    for (let i = 0; i < 5; i++) expect((await logIn(email, `Wrong-Password-${i}!`)).status).toBe(401);
    const locked = await logIn(email);
    expect(locked.status).toBe(429);
    clock.advance(16 * 60_000);
    expect((await logIn(email)).status).toBe(200);
  });

  it('SEC-3: sessions end after 15 idle minutes, and after 12 hours whatever happens', async () => {
    const token = (await logIn('operations@fragrance.example')).body.sessionToken as string;
    const me = () => api(app, 'GET', '/api/admin/me', { headers: bearer(token) });
    clock.advance(14 * 60_000);
    expect((await me()).status).toBe(200);
    clock.advance(16 * 60_000);
    expect((await me()).status).toBe(401);

    const long = (await logIn('operations@fragrance.example')).body.sessionToken as string;
    for (let minutes = 0; minutes < 12 * 60; minutes += 10) {
      clock.advance(10 * 60_000);
      const res = await api(app, 'GET', '/api/admin/me', { headers: bearer(long) });
      if (minutes + 10 < 12 * 60 - 1) expect(res.status).toBe(200);
      else expect(res.status).toBe(401);
    }
  });

  it('SEC-3: a new staff user enrols an authenticator at first log-in (QR drawn here) and gets 10 recovery codes', async () => {
    const owner = (await logIn('owner@skincare.example')).body.sessionToken as string;
    const weak = await api(app, 'POST', '/api/admin/stores/skincare/staff', {
      headers: bearer(owner),
      body: {
        email: 'mira.holt@skincare.example',
        displayName: 'Mira Holt',
        role: 'customer_service',
        password: 'short',
      },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/at least 12 characters.*upper-case.*digit.*symbol/);
    const named = await api(app, 'POST', '/api/admin/stores/skincare/staff', {
      headers: bearer(owner),
      body: {
        email: 'mira.holt@skincare.example',
        displayName: 'Mira Holt',
        role: 'customer_service',
        password: 'Holt-2026-Summer!',
      },
    });
    expect(named.status).toBe(400);
    expect(named.body.message).toMatch(/name or a part of your e-mail/);
    const added = await api(app, 'POST', '/api/admin/stores/skincare/staff', {
      headers: bearer(owner),
      body: {
        email: 'mira.holt@skincare.example',
        displayName: 'Mira Holt',
        role: 'customer_service',
        password: 'Lantern-Quiet-42%',
      },
    });
    expect(added.status).toBe(201);

    const first = await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email: 'mira.holt@skincare.example', password: 'Lantern-Quiet-42%' },
    });
    expect(first.status).toBe(200);
    expect(first.body.sessionToken).toBeUndefined();
    expect(first.body.mfaEnrolmentRequired).toBe(true);
    expect(first.body.qrSvg).toMatch(/^<svg/);
    const secret = new URL(first.body.otpauthUri as string).searchParams.get('secret')!;
    // The enrolment token is not a session.
    expect(
      (await api(app, 'GET', '/api/admin/me', { headers: bearer(first.body.enrolmentToken) })).status,
    ).toBe(401);

    const enrolled = await api(app, 'POST', '/api/admin/mfa/enrolment', {
      ip: anotherShopper(),
      body: { enrolmentToken: first.body.enrolmentToken, totp: totpCode(secret, clock.now()) },
    });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.body.recoveryCodes).size).toBe(10);
    // AU-1: the enrolment and the log-in it ends with are in the store's own audit, as this user.
    const inStore = await app.inStore('skincare', (ctx) => findAuditEvents(ctx, {}));
    const mira = inStore.filter((e) => e.role === 'customer_service' && e.detail.staff !== undefined);
    expect(mira.map((e) => e.action)).toEqual(expect.arrayContaining(['mfa_enrolled', 'login']));
    expect(
      (await api(app, 'GET', '/api/admin/me', { headers: bearer(enrolled.body.sessionToken) })).status,
    ).toBe(200);

    // A recovery code works once, in place of the app's code.
    const recovery = enrolled.body.recoveryCodes[0] as string;
    const body = {
      email: 'mira.holt@skincare.example',
      password: 'Lantern-Quiet-42%',
      recoveryCode: recovery,
    };
    expect(
      (
        await api(app, 'POST', '/api/admin/sessions', {
          ip: anotherShopper(),
          body,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(app, 'POST', '/api/admin/sessions', {
          ip: anotherShopper(),
          body,
        })
      ).status,
    ).toBe(401);
  });
});

describe(`AC-1: who works here, as the owner sees it (${ENGINE})`, () => {
  it('AC-1, AU-1: the owner sees staff names and masked e-mails, never an address in clear; each shown value is audited', async () => {
    const owner = (await logIn('owner@fragrance.example')).body.sessionToken as string;
    const res = await api(app, 'GET', '/api/admin/stores/fragrance/staff', { headers: bearer(owner) });
    expect(res.status).toBe(200);
    const rows = res.body.staff as { role: string; email: string; displayName: string }[];
    const warehouse = rows.find((r) => r.role === 'warehouse')!;
    expect(warehouse.email).toMatch(/^w•+@f•+\.example$/);
    expect(JSON.stringify(res.body)).not.toContain('warehouse@fragrance.example');
    expect(warehouse.displayName).toBeTruthy();
    const reads = await app.inStore('fragrance', (ctx) =>
      findAuditEvents(ctx, { action: 'read', actor: undefined }),
    );
    expect(reads.some((e) => e.tableName === 'staff.user' && e.fields.includes('email:masked'))).toBe(true);
  });
});

describe(`SEC-4: emergency isolation (${ENGINE})`, () => {
  it('SEC-4: disabling a staff user ends their open session on its next request; enabling does not revive it', async () => {
    const owner = (await logIn('owner@rugs.example')).body.sessionToken as string;
    const cs = (await logIn('customer_service@rugs.example')).body.sessionToken as string;
    const staff = await api(app, 'GET', '/api/admin/stores/rugs/staff', { headers: bearer(owner) });
    expect(staff.status).toBe(200);
    expect(staff.body.staff).toHaveLength(6);
    const csId = (staff.body.staff as { id: string; role: string }[]).find(
      (s) => s.role === 'customer_service',
    )!.id;
    expect((await api(app, 'GET', '/api/admin/me', { headers: bearer(cs) })).status).toBe(200);

    expect(
      (await api(app, 'POST', `/api/admin/stores/rugs/staff/${csId}/disable`, { headers: bearer(owner) }))
        .status,
    ).toBe(204);
    expect((await api(app, 'GET', '/api/admin/me', { headers: bearer(cs) })).status).toBe(401);
    expect((await logIn('customer_service@rugs.example')).status).toBe(401);
    expect(
      (await api(app, 'POST', `/api/admin/stores/rugs/staff/${csId}/enable`, { headers: bearer(owner) }))
        .status,
    ).toBe(204);
    expect((await api(app, 'GET', '/api/admin/me', { headers: bearer(cs) })).status).toBe(401);
    expect((await logIn('customer_service@rugs.example')).status).toBe(200);
  });

  it('SEC-4: changing a role ends the user’s sessions; only the owner manages staff', async () => {
    const owner = (await logIn('owner@fragrance.example')).body.sessionToken as string;
    const fin = (await logIn('finance@fragrance.example')).body.sessionToken as string;
    const list = await api(app, 'GET', '/api/admin/stores/fragrance/staff', { headers: bearer(fin) });
    expect(list.status).toBe(403);
    const staff = await api(app, 'GET', '/api/admin/stores/fragrance/staff', { headers: bearer(owner) });
    const finId = (staff.body.staff as { id: string; role: string }[]).find((s) => s.role === 'finance')!.id;
    const moved = await api(app, 'PUT', `/api/admin/stores/fragrance/staff/${finId}/role`, {
      headers: bearer(owner),
      body: { role: 'operations' },
    });
    expect(moved.status).toBe(204);
    expect((await api(app, 'GET', '/api/admin/me', { headers: bearer(fin) })).status).toBe(401);
    const again = (await logIn('finance@fragrance.example')).body.sessionToken as string;
    const me = await api(app, 'GET', '/api/admin/me', { headers: bearer(again) });
    expect(me.body.stores[0].role).toBe('operations');
  });

  it('SEC-4: a staff session of one store opens nothing in another store', async () => {
    const owner = (await logIn('owner@rugs.example')).body.sessionToken as string;
    const other = await api(app, 'GET', '/api/admin/stores/skincare/staff', { headers: bearer(owner) });
    expect(other.status).toBe(401);
  });

  it('AU-1: failed log-ins, log-outs and password changes of a staff user reach the audit of their own store only', async () => {
    clock.advance(30_000);
    await api(app, 'POST', '/api/admin/sessions', {
      ip: anotherShopper(),
      body: { email: 'finance@rugs.example', password: 'Wrong-Password-1!', totp: code() },
    });
    const session = (await logIn('finance@rugs.example')).body.sessionToken as string;
    expect(
      (await api(app, 'DELETE', '/api/admin/sessions/current', { headers: bearer(session) })).status,
    ).toBe(204);
    await app.deliverEvents();
    const rugs = await app.inStore('rugs', (ctx) => findAuditEvents(ctx, {}));
    const financeEvents = rugs.filter((e) => e.role === 'finance');
    const actions = financeEvents.map((e) => e.action);
    expect(actions).toContain('login_failed');
    expect(actions).toContain('login');
    expect(actions).toContain('logout');
    expect(financeEvents.find((e) => e.action === 'login_failed')!.detail).toMatchObject({
      reason: 'password',
    });
    // Another store's compliance sees none of it.
    const fragrance = await app.inStore('fragrance', (ctx) => findAuditEvents(ctx, {}));
    const rugsFinanceIds = new Set(financeEvents.map((e) => e.actor));
    expect(fragrance.some((e) => rugsFinanceIds.has(e.actor))).toBe(false);
  });
});
