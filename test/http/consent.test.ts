import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember } from '../support/factories.ts';
import { api, policyVersion, skusInStock } from '../support/shop-api.ts';
import { TEST_CARDS } from '../support/personas.ts';

// CN-1..3, PV-2, SF-3: personalisation is off unless turned on, browser signals switch it off on
// the very request, choices are recorded with the policy version, and opting out costs nothing.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'skincare';
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function member(email: string): Promise<{ id: string; session: string }> {
  const id = await makeMember(app, STORE, { nickname: 'Chooser', email, password: 'choices matter 42' });
  const res = await api(app, 'POST', `/api/stores/${STORE}/sessions`, {
    body: { email, password: 'choices matter 42' },
  });
  return { id, session: res.body.sessionToken as string };
}

const browsingRows = (holder: string) =>
  app.database
    .asOperator((db) =>
      queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from catalog.browsing_event where holder = ${holder}`,
      ),
    )
    .then((r) => r[0]!.n);

async function twoProductsOfOneCategory(): Promise<[string, string]> {
  const list = await api(app, 'GET', `/api/stores/${STORE}/products?limit=50`);
  const items = list.body.items as { slug: string; categorySlug: string }[];
  for (const a of items) {
    const b = items.find((i) => i.categorySlug === a.categorySlug && i.slug !== a.slug);
    if (b) return [a.slug, b.slug];
  }
  throw new Error('no category with two products');
}

describe(`CN-1..3: consent and browser signals (${ENGINE})`, () => {
  it('CN-1, CN-3, PV-2, SF-3: off until the member turns it on; nothing about them is recorded before; the choice carries the policy version and time; "matched for you" then comes from their own browsing', async () => {
    const m = await member('cn1.chooser@example.org');
    const [viewed] = await twoProductsOfOneCategory();
    const initial = await api(app, 'GET', `/api/stores/${STORE}/me/consent`, { headers: bearer(m.session) });
    expect(initial.body.personalisation).toEqual({
      on: false,
      source: 'default',
      at: null,
      policyVersion: null,
    });
    const off = await api(app, 'GET', `/api/stores/${STORE}/recommendations?viewing=${viewed}`, {
      headers: bearer(m.session),
    });
    expect(off.body).toEqual({ personalised: false, items: [] });
    expect(await browsingRows(m.id)).toBe(0);

    const on = await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer(m.session),
      body: { personalisation: true },
    });
    expect(on.status).toBe(200);
    expect(on.body.personalisation).toMatchObject({
      on: true,
      source: 'settings',
      policyVersion: await policyVersion(app, STORE),
      at: clock.now().toISOString(),
    });
    const viewedNow = await api(app, 'GET', `/api/stores/${STORE}/recommendations?viewing=${viewed}`, {
      headers: bearer(m.session),
    });
    expect(viewedNow.body.personalised).toBe(true);
    // Elsewhere in the shop (the sidebar), products matched to that browsing.
    const matched = await api(app, 'GET', `/api/stores/${STORE}/recommendations`, {
      headers: bearer(m.session),
    });
    expect(matched.body.personalised).toBe(true);
    expect(matched.body.items.length).toBeGreaterThan(0);
    const category = (await api(app, 'GET', `/api/stores/${STORE}/products/${viewed}`)).body.categorySlug;
    expect(
      matched.body.items.every(
        (i: { categorySlug: string; slug: string }) => i.categorySlug === category && i.slug !== viewed,
      ),
    ).toBe(true);
    expect(await browsingRows(m.id)).toBe(1);
    // The member's choice follows the account: a new session sees it.
    const again = await api(app, 'POST', `/api/stores/${STORE}/sessions`, {
      body: { email: 'cn1.chooser@example.org', password: 'choices matter 42' },
    });
    expect(
      (await api(app, 'GET', `/api/stores/${STORE}/me/consent`, { headers: bearer(again.body.sessionToken) }))
        .body.personalisation.on,
    ).toBe(true);

    // Withdrawal takes effect on the next request, and the browsing history goes with it.
    await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer(m.session),
      body: { personalisation: false },
    });
    expect(await browsingRows(m.id)).toBe(0);
    expect(
      (
        await api(app, 'GET', `/api/stores/${STORE}/recommendations?viewing=${viewed}`, {
          headers: bearer(m.session),
        })
      ).body,
    ).toEqual({ personalised: false, items: [] });
    expect(await browsingRows(m.id)).toBe(0);
  });

  it('CN-1: Sec-GPC: 1 and DNT: 1 switch personalisation off on that very request, recorded as the choice; turning it on while the browser says no is refused', async () => {
    for (const [header, source] of [
      ['sec-gpc', 'gpc'],
      ['dnt', 'dnt'],
    ] as const) {
      const m = await member(`cn1.${source}@example.org`);
      const [viewed] = await twoProductsOfOneCategory();
      await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
        headers: bearer(m.session),
        body: { personalisation: true },
      });
      await api(app, 'GET', `/api/stores/${STORE}/recommendations?viewing=${viewed}`, {
        headers: bearer(m.session),
      });
      expect(await browsingRows(m.id)).toBe(1);
      clock.advance(60_000);
      const signalled = await api(app, 'GET', `/api/stores/${STORE}/recommendations?viewing=${viewed}`, {
        headers: { ...bearer(m.session), [header]: '1' },
      });
      expect(signalled.body).toEqual({ personalised: false, items: [] });
      expect(await browsingRows(m.id)).toBe(0);
      const state = await api(app, 'GET', `/api/stores/${STORE}/me/consent`, { headers: bearer(m.session) });
      expect(state.body.personalisation).toMatchObject({ on: false, source, at: clock.now().toISOString() });
      const refused = await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
        headers: { ...bearer(m.session), [header]: '1' },
        body: { personalisation: true },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(source === 'gpc' ? /Global Privacy Control/ : /Do Not Track/);
      const history = await app.database.asOperator((db) =>
        queryRows<{ granted: boolean; source: string }>(
          db,
          sql`select granted, source from privacy.consent_choice where holder = ${m.id} order by at`,
        ),
      );
      expect(history).toEqual([
        { granted: true, source: 'settings' },
        { granted: false, source },
      ]);
    }
  });

  it('CN-2: a shopper who opted in and one who opted out (GPC) pay the same prices and shipping, and the same customer service', async () => {
    const inM = await member('cn2.in@example.org');
    const outM = await member('cn2.out@example.org');
    await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer(inM.session),
      body: { personalisation: true },
    });
    const gpc = { 'sec-gpc': '1' };
    const [sku] = await skusInStock(app, STORE, 1);
    const version = await policyVersion(app, STORE);
    const buy = async (session: string, extra: Record<string, string>) => {
      const cart = await api(app, 'POST', `/api/stores/${STORE}/cart/lines`, {
        headers: { ...bearer(session), ...extra },
        body: { sku, quantity: 2 },
      });
      const placed = await api(app, 'POST', `/api/stores/${STORE}/checkout`, {
        headers: { ...bearer(session), ...extra, 'idempotency-key': `cn2-${randomUUID()}` },
        body: {
          shippingAddress: {
            recipientName: 'Same Person',
            line1: '1 Equal Way',
            city: 'Fairfield',
            region: 'CT',
            postalCode: '06824',
            countryCode: 'US',
          },
          acceptPrivacyPolicyVersion: version,
          payment: { card: { number: TEST_CARDS.approved, expMonth: 12, expYear: 2030, cvc: '123' } },
        },
      });
      expect(placed.status).toBe(201);
      const o = placed.body.order;
      const ticket = await api(app, 'POST', `/api/stores/${STORE}/orders/${o.number}/tickets`, {
        headers: { ...bearer(session), ...extra },
        body: { topic: 'question', message: 'When does it ship?' },
      });
      return {
        cart: {
          units: cart.body.units,
          lines: cart.body.lines.map((l: { unitNowCents: number }) => l.unitNowCents),
        },
        order: {
          subtotalNowCents: o.subtotalNowCents,
          shippingCents: o.shippingCents,
          totalCents: o.totalCents,
          lines: o.lines.map((l: { unitNowCents: number; unitWasCents: number }) => [
            l.unitWasCents,
            l.unitNowCents,
          ]),
        },
        ticket: ticket.status,
      };
    };
    const optedIn = await buy(inM.session, {});
    const optedOut = await buy(outM.session, gpc);
    expect(optedOut).toEqual(optedIn);
    expect(optedIn.ticket).toBe(201);
    const product = (await api(app, 'GET', `/api/stores/${STORE}/products?limit=5`, { headers: gpc })).body;
    expect(product).toEqual((await api(app, 'GET', `/api/stores/${STORE}/products?limit=5`)).body);
  });

  it('DR-5, CN-1: an objection written to the store stops personalisation at once and waits in the compliance queue for an answer', async () => {
    const m = await member('dr5.objector@example.org');
    await api(app, 'PUT', `/api/stores/${STORE}/me/consent`, {
      headers: bearer(m.session),
      body: { personalisation: true },
    });
    const objected = await api(app, 'POST', `/api/stores/${STORE}/me/requests`, {
      headers: bearer(m.session),
      body: { kind: 'objection', message: 'Please do not use my browsing for anything.' },
    });
    expect(objected.status).toBe(201);
    expect(objected.body).toMatchObject({ kind: 'objection', status: 'received' });
    const state = await api(app, 'GET', `/api/stores/${STORE}/me/consent`, { headers: bearer(m.session) });
    expect(state.body.personalisation).toMatchObject({ on: false, source: 'objection' });
    const mine = await api(app, 'GET', `/api/stores/${STORE}/me/requests`, { headers: bearer(m.session) });
    expect(mine.body.requests[0]).toMatchObject({
      kind: 'objection',
      message: 'Please do not use my browsing for anything.',
    });
  });
});
