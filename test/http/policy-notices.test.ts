import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// PL-2: members hear of an announced privacy-policy version by e-mail before it takes effect,
// once each; after it has taken effect nobody is told any more.

const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
const M = PERSONAS.member;
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

describe(`PL-2: notice of upcoming policy versions (${ENGINE})`, () => {
  it('PL-2: a member is e-mailed the upcoming version, its day and what changes, once; nothing once it is in effect', async () => {
    await makeMember(app, 'rugs', { nickname: M.nickname, email: M.email, password: M.password });
    const run = async () => {
      const runs = await app.scheduler.runNow('accounts.announce-policy-changes');
      await app.deliverEvents();
      return runs.find((r) => r.tenant && r.counts.told !== undefined && r.counts.told > 0);
    };
    const first = await run();
    expect(first?.error).toBeUndefined();
    const notices = (await app.emulators!.mail!.messages('rugs')).filter(
      (m) => m.template === 'policy_notice',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.to).toEqual([M.email]);
    expect(notices[0]!.subject).toBe('Our privacy policy is changing');
    expect(notices[0]!.text).toContain('On 2026-12-07');
    expect(notices[0]!.text).toContain(`Hello ${M.nickname}`);
    expect(notices[0]!.text).toMatch(/\/privacy\/changes/);

    await run(); // again: nobody is told twice
    expect(
      (await app.emulators!.mail!.messages('rugs')).filter((m) => m.template === 'policy_notice'),
    ).toHaveLength(1);

    clock.advance(20 * 24 * 3_600_000); // the version is in effect: nothing is announced any more
    await makeMember(app, 'rugs', {
      nickname: 'Later',
      email: 'later.member@example.org',
      password: M.password,
    });
    await run();
    expect(
      (await app.emulators!.mail!.messages('rugs')).filter((m) => m.template === 'policy_notice'),
    ).toHaveLength(1);
  });

  it('PL-2: the owner publishes a version that asks again for consent; members are told ahead; on its day personalisation is off until the member turns it on again', async () => {
    // The clock is now past the demo stores' 2026-12-07 version (the test above moved it).
    const store = 'fragrance';
    await makeMember(app, store, {
      nickname: 'Asked',
      email: 'asked.again@example.org',
      password: M.password,
    });
    const session = await api(app, 'POST', `/api/stores/${store}/sessions`, {
      body: { email: 'asked.again@example.org', password: M.password },
    });
    const bearer = { authorization: `Bearer ${session.body.sessionToken as string}` };
    const consent = async () =>
      (await api(app, 'GET', `/api/stores/${store}/me/consent`, { headers: bearer })).body
        .personalisation as {
        on: boolean;
        source: string;
        policyVersion: string | null;
      };
    const turnOn = await api(app, 'PUT', `/api/stores/${store}/me/consent`, {
      headers: bearer,
      body: { personalisation: true },
    });
    expect(turnOn.status).toBe(200);
    expect(await consent()).toMatchObject({ on: true, source: 'settings', policyVersion: '2026-12-07' });

    const owner = await staffHeaders(app, clock, store, 'owner');
    const version = {
      version: '2027-01-05',
      effectiveOn: '2027-01-05',
      summary: ['Personalised suggestions also use the products on your wishlist.'],
      asksConsentAgain: true,
    };
    const publish = (headers: { authorization: string }, body: object) =>
      api(app, 'POST', `/api/admin/stores/${store}/policy-versions`, { headers, body });
    // Too soon: members must have two weeks' notice.
    const early = await publish(owner, { ...version, version: '2026-12-20', effectiveOn: '2026-12-20' });
    expect(early.status).toBe(400);
    expect(early.body.message).toContain('members are told 14 days ahead');
    expect((await publish(await staffHeaders(app, clock, store, 'warehouse'), version)).status).toBe(403);
    const published = await publish(owner, version);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.policyVersions.at(-1)).toMatchObject({ version: '2027-01-05' });
    expect((await publish(owner, version)).status).toBe(409); // never edited: publish another
    const changes = await app.http.inject({ method: 'GET', url: `/s/${store}/privacy/changes` });
    expect(changes.body).toContain('Personalised suggestions also use the products on your wishlist.');

    // Members are told ahead, with what happens to their consent.
    await app.scheduler.runNow('accounts.announce-policy-changes');
    await app.deliverEvents();
    const notice = (await app.emulators!.mail!.messages(store)).find(
      (m) => m.template === 'policy_notice' && m.to.includes('asked.again@example.org'),
    );
    expect(notice?.text).toContain('On 2027-01-05');
    expect(notice?.text).toContain('they stop on 2027-01-05 until you turn them on again');
    expect((await consent()).on).toBe(true); // not before the day

    clock.set(new Date('2027-01-05T15:00:00Z'));
    const fresh = await api(app, 'POST', `/api/stores/${store}/sessions`, {
      body: { email: 'asked.again@example.org', password: M.password },
    });
    bearer.authorization = `Bearer ${fresh.body.sessionToken as string}`;
    expect(await consent()).toMatchObject({
      on: false,
      source: 'policy_change',
      policyVersion: '2026-12-07',
    });
    const again = await api(app, 'PUT', `/api/stores/${store}/me/consent`, {
      headers: bearer,
      body: { personalisation: true },
    });
    expect(again.status).toBe(200);
    expect(await consent()).toMatchObject({ on: true, source: 'settings', policyVersion: '2027-01-05' });
  });
});
