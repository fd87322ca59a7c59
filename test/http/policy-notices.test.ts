import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember } from '../support/factories.ts';
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
});
