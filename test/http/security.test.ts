import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { DETECTION, SCRAPING_PER_MINUTE, canariesOf, plantCanary } from '#modules/security';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember, makeOrder, staffHeaders } from '../support/factories.ts';
import { api, anotherShopper } from '../support/shop-api.ts';

// SEC-4, IR-1..3: detectors over the audit log and the traffic raise alerts to compliance and the
// owner — and stay quiet on normal work; one action isolates; incidents run on 24 h / 72 h clocks.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock, env: { PLEDGE_CANARY_ACCOUNTS: 'true' } });
});
afterAll(() => app.close());

const detect = async () => {
  const runs = await app.scheduler.runNow('security.detect');
  expect(runs.filter((r) => r.error)).toEqual([]);
};
async function alerts(
  store: string,
): Promise<{ id: string; kind: string; actor: string; detail: Record<string, unknown> }[]> {
  const res = await api(app, 'GET', `/api/admin/stores/${store}/security/alerts`, {
    headers: await staffHeaders(app, clock, store, 'compliance'),
  });
  expect(res.status).toBe(200);
  return res.body.alerts;
}

describe(`SEC-4, IR-1..3: abnormal access, isolation and incidents (${ENGINE})`, () => {
  it('IR-3, SEC-4: a customer-service agent reading one page of orders raises nothing; reading 150 people’s orders in a quarter hour raises bulk_read; the owner isolates them in one action and their session dies; compliance opens an incident whose affected people come from the audit log, on 24 h and 72 h clocks that escalate when missed', async () => {
    const store = 'fragrance';
    const orders: string[] = [];
    for (let i = 0; i < DETECTION.bulkReadSubjects; i++) orders.push((await makeOrder(app, store)).number);
    const agent = await staffHeaders(app, clock, store, 'customer_service');

    // Normal work: the orders list (50 rows, masked) and a few cases opened.
    expect(
      (await api(app, 'GET', `/api/admin/stores/${store}/orders?limit=50`, { headers: agent })).status,
    ).toBe(200);
    for (const number of orders.slice(0, 5))
      expect(
        (await api(app, 'GET', `/api/admin/stores/${store}/orders/${number}`, { headers: agent })).status,
      ).toBe(200);
    await detect();
    expect((await alerts(store)).filter((a) => a.kind === 'bulk_read')).toEqual([]);

    // Then every order, one after another.
    for (const number of orders)
      expect(
        (await api(app, 'GET', `/api/admin/stores/${store}/orders/${number}`, { headers: agent })).status,
      ).toBe(200);
    await detect();
    await detect(); // a second pass raises nothing new (one alert per actor and hour)
    const bulk = (await alerts(store)).filter((a) => a.kind === 'bulk_read');
    expect(bulk).toHaveLength(1);
    expect(bulk[0]!.actor).toMatch(/^staff:stf_/);
    expect(Number(bulk[0]!.detail.subjects)).toBeGreaterThanOrEqual(DETECTION.bulkReadSubjects);
    expect(JSON.stringify(bulk[0])).not.toMatch(/@|Street|street/);

    // Warehouse may not see alerts; the owner isolates.
    const warehouse = await staffHeaders(app, clock, store, 'warehouse');
    expect(
      (await api(app, 'GET', `/api/admin/stores/${store}/security/alerts`, { headers: warehouse })).status,
    ).toBe(403);
    const owner = await staffHeaders(app, clock, store, 'owner');
    const isolated = await api(
      app,
      'POST',
      `/api/admin/stores/${store}/security/alerts/${bulk[0]!.id}/isolate`,
      {
        headers: owner,
      },
    );
    expect(isolated.status, JSON.stringify(isolated.body)).toBe(200);
    expect(isolated.body.isolated).toBe(bulk[0]!.actor);
    expect(
      (await api(app, 'GET', `/api/admin/stores/${store}/orders?limit=5`, { headers: agent })).status,
    ).toBe(401);
    await expect(staffHeaders(app, clock, store, 'customer_service')).rejects.toThrow(/answered 40[13]/);

    // Compliance opens the incident from the alert.
    const compliance = await staffHeaders(app, clock, store, 'compliance');
    const opened = await api(
      app,
      'POST',
      `/api/admin/stores/${store}/security/alerts/${bulk[0]!.id}/incident`,
      {
        headers: compliance,
        body: { summary: 'A customer-service account opened every order of the store within minutes.' },
      },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const ref = opened.body.reference as string;
    expect(opened.body.affectedSubjects).toBeGreaterThanOrEqual(DETECTION.bulkReadSubjects);
    const [partner, authority] = opened.body.clocks as {
      recipient: string;
      dueAt: string;
      overdue: boolean;
    }[];
    expect(partner!.recipient).toBe('partner');
    const aware = new Date(opened.body.awareAt as string).getTime();
    expect(new Date(partner!.dueAt).getTime() - aware).toBe(24 * 3_600_000);
    expect(new Date(authority!.dueAt).getTime() - aware).toBe(72 * 3_600_000);
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/incidents/${ref}/entries`, {
          headers: compliance,
          body: { kind: 'action', text: 'Account disabled and every session ended.' },
        })
      ).status,
    ).toBe(204);
    const badEvidence = await api(app, 'POST', `/api/admin/stores/${store}/incidents/${ref}/entries`, {
      headers: compliance,
      body: { kind: 'evidence', text: 'Export of the audit events' },
    });
    expect(badEvidence.status).toBe(400);

    // 25 hours later, the partner notice is overdue: the clock job escalates it once.
    clock.advance(25 * 3_600_000);
    await app.scheduler.runNow('security.watch-incident-clocks');
    await app.scheduler.runNow('security.watch-incident-clocks');
    const late = await api(app, 'GET', `/api/admin/stores/${store}/incidents/${ref}`, {
      headers: await staffHeaders(app, clock, store, 'compliance'),
    });
    expect(late.status).toBe(200);
    expect(late.body.clocks[0].overdue).toBe(true);
    expect(late.body.clocks[1].overdue).toBe(false);
    expect(late.body.timeline.filter((t: { kind: string }) => t.kind === 'escalated')).toHaveLength(1);
    expect(late.body.timeline.map((t: { text: string }) => t.text)).toContain(
      'Account disabled and every session ended.',
    );
    expect(late.body.drafts.authority).toContain(ref);
    expect(late.body.drafts.authority).toContain(`Data subjects concerned: ${opened.body.affectedSubjects}`);
    expect(late.body.drafts.authority).toContain('Account disabled and every session ended.');
    expect((await alerts(store)).filter((a) => a.kind === 'incident_overdue')).toHaveLength(1);

    // Notices recorded; closing with the authority notice unsent needs the reason none is owed.
    const c2 = await staffHeaders(app, clock, store, 'compliance');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/incidents/${ref}/notices`, {
          headers: c2,
          body: { recipient: 'partner' },
        })
      ).status,
    ).toBe(204);
    const refused = await api(app, 'POST', `/api/admin/stores/${store}/incidents/${ref}/status`, {
      headers: c2,
      body: { status: 'closed' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('say why');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/incidents/${ref}/notices`, {
          headers: c2,
          body: { recipient: 'authority' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/incidents/${ref}/status`, {
          headers: c2,
          body: { status: 'closed' },
        })
      ).status,
    ).toBe(204);
    const list = await api(app, 'GET', `/api/admin/stores/${store}/incidents`, { headers: c2 });
    expect(list.body.incidents.find((i: { reference: string }) => i.reference === ref).status).toBe('closed');
  }, 180_000);

  it('IR-3: repeated wrong passwords to one staff account raise failed_logins for it; wrong passwords spread over many shopper accounts raise one for the shoppers; a shopper’s own typos do not', async () => {
    const store = 'rugs';
    for (let i = 0; i < DETECTION.failedLoginsPerAccount; i++) {
      clock.advance(1000);
      const res = await api(app, 'POST', '/api/admin/sessions', {
        ip: anotherShopper(),
        body: { email: `finance@${store}.example`, password: 'Wrong-Password-1!', totp: '000000' },
      });
      expect(res.status).toBe(401);
    }
    // One shopper mistyping twice.
    await makeMember(app, store, {
      nickname: 'Typo',
      email: 'typo.shopper@example.org',
      password: 'correct horse 1',
    });
    for (let i = 0; i < 2; i++)
      await api(app, 'POST', `/api/stores/${store}/sessions`, {
        ip: anotherShopper(),
        body: { email: 'typo.shopper@example.org', password: 'wrong' },
      });
    await detect();
    let found = await alerts(store);
    expect(found.filter((a) => a.kind === 'failed_logins').map((a) => a.actor)).toEqual([
      expect.stringMatching(/^staff:stf_/),
    ]);

    // Credential stuffing: one wrong password each for many accounts.
    for (let i = 0; i < DETECTION.shopperAccountsWithFailures; i++) {
      const email = `stuffed.${i}@example.org`;
      await makeMember(app, store, { nickname: `S${i}`, email, password: 'a long passphrase 9' });
      await api(app, 'POST', `/api/stores/${store}/sessions`, {
        ip: anotherShopper(),
        body: { email, password: 'guess' },
      });
    }
    await detect();
    found = await alerts(store);
    const shoppers = found.find((a) => a.kind === 'failed_logins' && a.actor === 'shoppers');
    expect(shoppers?.detail.accounts).toBeGreaterThanOrEqual(DETECTION.shopperAccountsWithFailures);
  }, 120_000);

  it('IR-3: every store has a canary account; an attempt to sign in with its address raises a canary alert at the next pass', async () => {
    const store = 'skincare';
    expect(await app.inStore(store, (ctx) => canariesOf(ctx))).toHaveLength(1);
    const email = 'ottilie.quenby@watch.example';
    await app.inStore(store, (ctx) => plantCanary(ctx, { email }));
    await detect();
    expect((await alerts(store)).filter((a) => a.kind === 'canary')).toEqual([]);
    const res = await api(app, 'POST', `/api/stores/${store}/sessions`, {
      ip: anotherShopper(),
      body: { email, password: 'Summer2026!' },
    });
    expect(res.status).toBe(401);
    await detect();
    const canary = (await alerts(store)).filter((a) => a.kind === 'canary');
    expect(canary).toHaveLength(1);
    expect(canary[0]!.actor).toBe('anonymous');
    // Isolating is for staff: an anonymous attempt cannot be isolated, with a clear answer.
    const owner = await staffHeaders(app, clock, store, 'owner');
    const res2 = await api(
      app,
      'POST',
      `/api/admin/stores/${store}/security/alerts/${canary[0]!.id}/isolate`,
      {
        headers: owner,
      },
    );
    expect(res2.status).toBe(400);
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/security/alerts/${canary[0]!.id}/dismiss`, {
          headers: owner,
        })
      ).status,
    ).toBe(204);
    expect((await alerts(store)).filter((a) => a.kind === 'canary')).toEqual([]);
  }, 60_000);

  it('SEC-4, IR-3: one address reading the catalog far faster than a person raises scraping (named by a hash, never the address); a shopper browsing does not', async () => {
    const store = 'rugs';
    await app.trafficWatch.evaluate();
    for (let i = 0; i < 30; i++)
      await api(app, 'GET', `/api/stores/${store}/products?limit=5`, { ip: '10.9.8.7' });
    expect(await app.trafficWatch.evaluate()).toBe(0);
    for (let i = 0; i < SCRAPING_PER_MINUTE.catalog; i++)
      await api(app, 'GET', `/api/stores/${store}/products?limit=5&offset=${i}`, { ip: '10.66.66.66' });
    expect(await app.trafficWatch.evaluate()).toBe(1);
    const scraping = (await alerts(store)).filter((a) => a.kind === 'scraping');
    expect(scraping).toHaveLength(1);
    expect(scraping[0]!.actor).toMatch(/^source:[0-9a-f]{16}$/);
    expect(JSON.stringify(scraping)).not.toContain('10.66.66.66');
  }, 60_000);

  it('IR-1, IR-2: an incident is registered by compliance only, with validated input; the owner reads it; the notices owed are on the compliance dashboard', async () => {
    const store = 'skincare';
    const compliance = await staffHeaders(app, clock, store, 'compliance');
    const bad = await api(app, 'POST', `/api/admin/stores/${store}/incidents`, {
      headers: compliance,
      body: { kind: 'gremlins', summary: 'x' },
    });
    expect(bad.status).toBe(400);
    const future = await api(app, 'POST', `/api/admin/stores/${store}/incidents`, {
      headers: compliance,
      body: { kind: 'loss', summary: 'A laptop was stolen.', awareAt: '2099-01-01T00:00:00Z' },
    });
    expect(future.status).toBe(400);
    const ok = await api(app, 'POST', `/api/admin/stores/${store}/incidents`, {
      headers: compliance,
      body: { kind: 'loss', summary: 'A packing-station laptop was stolen from the warehouse.' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.affectedSubjects).toBe(0);
    const owner = await staffHeaders(app, clock, store, 'owner');
    expect(
      (
        await api(app, 'POST', `/api/admin/stores/${store}/incidents`, {
          headers: owner,
          body: { kind: 'loss', summary: 'Owner tries.' },
        })
      ).status,
    ).toBe(403);
    const read = await api(app, 'GET', `/api/admin/stores/${store}/incidents/${ok.body.reference}`, {
      headers: owner,
    });
    expect(read.status).toBe(200);
    expect(read.body.summary).toBe('A packing-station laptop was stolen from the warehouse.');
    // IR-2: both notices owed are on compliance's first page, the partner's (24 h) first.
    const dashboard = await app.http.inject({
      method: 'GET',
      url: `/admin/s/${store}`,
      headers: await staffHeaders(app, clock, store, 'compliance'),
    });
    const owed = dashboard.body.slice(dashboard.body.indexOf('Notices owed'));
    expect(owed).toContain(ok.body.reference);
    expect(owed.indexOf('marketplace / partner')).toBeGreaterThan(-1);
    expect(owed.indexOf('marketplace / partner')).toBeLessThan(owed.indexOf('supervisory authority'));
    expect(owed).toMatch(/\(2[34] h left\)/);
    const warehouse = await app.http.inject({
      method: 'GET',
      url: `/admin/s/${store}`,
      headers: await staffHeaders(app, clock, store, 'warehouse'),
    });
    expect(warehouse.body).not.toContain('Notices owed');
  }, 60_000);
});
