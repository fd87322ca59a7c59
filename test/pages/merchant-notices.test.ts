import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { postNotice } from '#modules/staff';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { staffHeaders } from '../support/factories.ts';

// PL-3: notices to the merchants' staff — maintenance, service updates, renewal reminders — show on
// every role's back-office dashboard while they run: one store's only there, the platform's everywhere.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

const HOUR = 3_600_000;
const dashboard = async (store: string, role: 'warehouse' | 'finance' | 'owner') =>
  (
    await app.http.inject({
      method: 'GET',
      url: `/admin/s/${store}`,
      headers: await staffHeaders(app, clock, store, role),
    })
  ).body;

describe(`PL-3: notices to the merchants' staff (${ENGINE})`, () => {
  it('PL-3: a platform notice reaches every store and role, a store’s notice only that store, and neither shows outside its window', async () => {
    const rugs = app.directory.bySlugOrUndefined('rugs')!;
    const now = clock.now();
    await app.database.withPlatform(async (db) => {
      await postNotice(
        db,
        {
          tenantId: null,
          kind: 'maintenance',
          title: 'Database upgrade on Sunday',
          body: 'The back office is read-only from 02:00 to 02:30 UTC.',
          endsAt: new Date(now.getTime() + 48 * HOUR),
          postedBy: 'operator:test',
        },
        now,
      );
      await postNotice(
        db,
        {
          tenantId: rugs.id,
          kind: 'renewal_reminder',
          title: 'Carrier contract renews',
          body: 'The carrier agreement renews on 1 January.',
          postedBy: 'operator:test',
        },
        now,
      );
      await postNotice(
        db,
        {
          tenantId: null,
          kind: 'service_update',
          title: 'New refund screen next week',
          body: 'Finance gets a new refund screen.',
          startsAt: new Date(now.getTime() + 24 * HOUR),
          postedBy: 'operator:test',
        },
        now,
      );
    });
    const warehouse = await dashboard('rugs', 'warehouse');
    expect(warehouse).toContain('Database upgrade on Sunday');
    expect(warehouse).toContain('Carrier contract renews');
    expect(warehouse).not.toContain('New refund screen'); // not yet
    const elsewhere = await dashboard('skincare', 'finance');
    expect(elsewhere).toContain('Database upgrade on Sunday');
    expect(elsewhere).not.toContain('Carrier contract renews');

    clock.advance(30 * HOUR); // the service update starts showing
    expect(await dashboard('skincare', 'owner')).toContain('New refund screen next week');
    clock.advance(24 * HOUR); // the maintenance window is over
    expect(await dashboard('rugs', 'owner')).not.toContain('Database upgrade on Sunday');
  });
});
