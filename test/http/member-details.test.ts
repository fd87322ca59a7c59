import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { isSealedValue } from '#modules/privacy';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { latestMail, makeMember } from '../support/factories.ts';
import { api, skusInStock } from '../support/shop-api.ts';

// DR-1: a member edits their nickname, changes their e-mail address only through a link sent to
// the new one, and keeps an address book that only they read.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'fragrance';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const logIn = (email: string, password: string) =>
  api(app, 'POST', `/api/stores/${STORE}/sessions`, { body: { email, password } });
async function member(email: string): Promise<{ authorization: string }> {
  await makeMember(app, STORE, { nickname: 'Editor', email, password: 'editing is fun 12' });
  const res = await logIn(email, 'editing is fun 12');
  return { authorization: `Bearer ${res.body.sessionToken as string}` };
}

describe(`DR-1: a member's own details (${ENGINE})`, () => {
  it('DR-1: the nickname changes at once; an empty one is refused and nothing changes', async () => {
    const me = await member('dr1.nick@example.org');
    const changed = await api(app, 'PATCH', `/api/stores/${STORE}/me`, {
      headers: me,
      body: { nickname: 'Marlowe' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.nickname).toBe('Marlowe');
    const refused = await api(app, 'PATCH', `/api/stores/${STORE}/me`, {
      headers: me,
      body: { nickname: '  ' },
    });
    expect(refused.status).toBe(400);
    expect((await api(app, 'GET', `/api/stores/${STORE}/me`, { headers: me })).body.nickname).toBe('Marlowe');
  });

  it('DR-1: a new e-mail address is used only once its link is opened; the old address is told; the link works once', async () => {
    const me = await member('dr1.old@example.org');
    const wrong = await api(app, 'POST', `/api/stores/${STORE}/me/email-change`, {
      headers: me,
      body: { email: 'dr1.new@example.org', password: 'not it' },
    });
    expect(wrong.status).toBe(401);
    const asked = await api(app, 'POST', `/api/stores/${STORE}/me/email-change`, {
      headers: me,
      body: { email: 'dr1.new@example.org', password: 'editing is fun 12' },
    });
    expect(asked.status).toBe(202);
    // Nothing changed yet.
    expect((await api(app, 'GET', `/api/stores/${STORE}/me`, { headers: me })).body.email).toBe(
      'dr1.old@example.org',
    );
    const link = await latestMail(app, STORE, 'confirm_email_change');
    expect(link?.recipient).toBe('dr1.new@example.org');
    const warned = await latestMail(app, STORE, 'email_change_requested');
    expect(warned?.recipient).toBe('dr1.old@example.org');
    expect(warned?.body).not.toContain('dr1.new@example.org');
    const token = /token=([A-Za-z0-9_-]+)/.exec(link!.body!)![1]!;
    const confirm = () =>
      api(app, 'POST', `/api/stores/${STORE}/me/email-change/confirm`, { body: { token } });
    expect((await confirm()).status).toBe(204);
    expect((await confirm()).status).toBe(400);
    expect((await api(app, 'GET', `/api/stores/${STORE}/me`, { headers: me })).body.email).toBe(
      'dr1.new@example.org',
    );
    expect((await logIn('dr1.new@example.org', 'editing is fun 12')).status).toBe(201);
    expect((await logIn('dr1.old@example.org', 'editing is fun 12')).status).toBe(401);
  });

  it('DR-1: an address taken by another account by the time the link is opened is refused', async () => {
    const me = await member('dr1.race@example.org');
    await api(app, 'POST', `/api/stores/${STORE}/me/email-change`, {
      headers: me,
      body: { email: 'dr1.taken@example.org', password: 'editing is fun 12' },
    });
    const token = /token=([A-Za-z0-9_-]+)/.exec(
      (await latestMail(app, STORE, 'confirm_email_change'))!.body!,
    )![1]!;
    await makeMember(app, STORE, {
      nickname: 'Other',
      email: 'dr1.taken@example.org',
      password: 'another one 123',
    });
    const res = await api(app, 'POST', `/api/stores/${STORE}/me/email-change/confirm`, { body: { token } });
    expect(res.status).toBe(409);
    expect((await api(app, 'GET', `/api/stores/${STORE}/me`, { headers: me })).body.email).toBe(
      'dr1.race@example.org',
    );
  });

  it('DR-1, DR-2: the address book keeps checked addresses for the member alone, sealed, in the export; another member cannot remove one', async () => {
    const me = await member('dr1.book@example.org');
    const other = await member('dr1.other@example.org');
    const bad = await api(app, 'POST', `/api/stores/${STORE}/me/addresses`, {
      headers: me,
      body: {
        recipientName: 'Ada Book',
        line1: '1 Shelf Row',
        city: 'Leeds',
        postalCode: 'nope!!',
        countryCode: 'GB',
      },
    });
    expect(bad.status).toBe(400);
    const saved = await api(app, 'POST', `/api/stores/${STORE}/me/addresses`, {
      headers: me,
      body: {
        recipientName: 'Ada Book',
        line1: '1 Shelf Row',
        city: 'Leeds',
        postalCode: 'LS1 4AP',
        countryCode: 'GB',
      },
    });
    expect(saved.status).toBe(201);
    const list = await api(app, 'GET', `/api/stores/${STORE}/me/addresses`, { headers: me });
    expect(list.body.addresses).toEqual([
      expect.objectContaining({ recipientName: 'Ada Book', line1: '1 Shelf Row', countryCode: 'GB' }),
    ]);
    expect(
      (await api(app, 'GET', `/api/stores/${STORE}/me/addresses`, { headers: other })).body.addresses,
    ).toEqual([]);
    expect(
      (await api(app, 'DELETE', `/api/stores/${STORE}/me/addresses/${saved.body.id}`, { headers: other }))
        .status,
    ).toBe(404);
    const exported = await api(app, 'GET', `/api/stores/${STORE}/me/export`, { headers: me });
    expect(exported.body.tables['accounts.saved_address'][0]).toMatchObject({ line1: '1 Shelf Row' });
    const stored = await app.database.asOperator((db) =>
      queryRows<{ street_line1: string }>(db, sql`select street_line1 from accounts.saved_address`),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((r) => isSealedValue(r.street_line1))).toBe(true);
    expect(
      (await api(app, 'DELETE', `/api/stores/${STORE}/me/addresses/${saved.body.id}`, { headers: me }))
        .status,
    ).toBe(204);
    expect(
      (await api(app, 'GET', `/api/stores/${STORE}/me/addresses`, { headers: me })).body.addresses,
    ).toEqual([]);
  });

  it('DR-1: at checkout a member starts from an address of their address book', async () => {
    const me = await member('dr1.checkout@example.org');
    const saved = await api(app, 'POST', `/api/stores/${STORE}/me/addresses`, {
      headers: me,
      body: {
        recipientName: 'Cora Saved',
        line1: '77 Ledger Lane',
        city: 'Boston',
        region: 'MA',
        postalCode: '02108',
        countryCode: 'US',
      },
    });
    const [sku] = await skusInStock(app, STORE, 1);
    await api(app, 'POST', `/api/stores/${STORE}/cart/lines`, { headers: me, body: { sku, quantity: 1 } });
    const cookie = `pledge_session=${me.authorization.slice('Bearer '.length)}`;
    const page = await app.http.inject({ method: 'GET', url: `/s/${STORE}/checkout`, headers: { cookie } });
    expect(page.body).toContain('From your address book');
    expect(page.body).toContain(`checkout?address=${saved.body.id as string}`);
    expect(page.body).not.toContain('value="77 Ledger Lane"');
    const filled = await app.http.inject({
      method: 'GET',
      url: `/s/${STORE}/checkout?address=${saved.body.id as string}`,
      headers: { cookie },
    });
    expect(filled.body).toContain('value="77 Ledger Lane"');
    expect(filled.body).toContain('value="Cora Saved"');
    // Someone else's address id fills nothing.
    const stranger = await member('dr1.stranger@example.org');
    await api(app, 'POST', `/api/stores/${STORE}/cart/lines`, {
      headers: stranger,
      body: { sku, quantity: 1 },
    });
    const theirs = await app.http.inject({
      method: 'GET',
      url: `/s/${STORE}/checkout?address=${saved.body.id as string}`,
      headers: { cookie: `pledge_session=${stranger.authorization.slice('Bearer '.length)}` },
    });
    expect(theirs.body).not.toContain('77 Ledger Lane');
  });
});
