import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeOrder, staffHeaders } from '../support/factories.ts';
import { api } from '../support/shop-api.ts';

// CK-3 (issue 13, item 4 in part): the packing queue counts the processing promise in the store's
// working days — weekends and its holidays (the demo stores keep 2026-11-26, Thanksgiving) do not
// count — oldest first, late orders flagged.

const clock = new FixedClock(new Date('2026-11-25T15:00:00Z')); // Wednesday 10:00 in New York
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

type Parcel = {
  number: string;
  dueBy: string;
  late: boolean;
  workingDaysLeft: number;
  shipTo?: object;
  contactEmail?: string;
};
const queue = async () => {
  const headers = await staffHeaders(app, clock, 'rugs', 'warehouse');
  const res = await api(app, 'GET', '/api/admin/stores/rugs/packing-queue', { headers });
  expect(res.status).toBe(200);
  return res.body as { late: number; parcels: Parcel[] };
};

describe(`CK-3: the packing queue and its working-day clock (${ENGINE})`, () => {
  it('CK-3: an order placed on the Wednesday before Thanksgiving is due at the end of the next Tuesday (3 working days), oldest first, and late the day after', async () => {
    const first = await makeOrder(app, 'rugs');
    clock.advance(60 * 60_000);
    const second = await makeOrder(app, 'rugs');
    let q = await queue();
    const numbers = q.parcels.map((p) => p.number);
    expect(numbers.indexOf(first.number)).toBeLessThan(numbers.indexOf(second.number));
    const parcel = q.parcels.find((p) => p.number === first.number)!;
    // Thu 26 is a holiday, Sat and Sun do not count: Fri 27, Mon 30, Tue 1 — end of Tuesday in New York.
    expect(parcel.dueBy).toBe('2026-12-02T04:59:59.999Z');
    expect(parcel).toMatchObject({ late: false, workingDaysLeft: 3 });
    // The warehouse sees the parcel address, never the e-mail.
    expect(parcel.shipTo).toBeDefined();
    expect(parcel.contactEmail).toBeUndefined();

    clock.set(new Date('2026-12-01T17:00:00Z')); // Tuesday noon: the last day
    q = await queue();
    expect(q.parcels.find((p) => p.number === first.number)).toMatchObject({
      late: false,
      workingDaysLeft: 0,
    });

    clock.set(new Date('2026-12-02T15:00:00Z')); // Wednesday: a day late
    q = await queue();
    expect(q.parcels.find((p) => p.number === first.number)).toMatchObject({
      late: true,
      workingDaysLeft: -1,
    });
    expect(q.late).toBeGreaterThanOrEqual(2);
  });

  it('AC-1: only the warehouse and the owner have the packing queue', async () => {
    for (const role of ['customer_service', 'operations', 'finance', 'compliance'] as const) {
      const headers = await staffHeaders(app, clock, 'rugs', role);
      expect((await api(app, 'GET', '/api/admin/stores/rugs/packing-queue', { headers })).status, role).toBe(
        403,
      );
    }
  });
});
