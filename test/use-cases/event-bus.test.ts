import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import { EventBus, type DomainEvent } from '#platform/events/event-bus.ts';
import { FixedClock } from '#platform/clock.ts';
import type { Ctx } from '#platform/ctx.ts';
import { setStock, stockLevels } from '#modules/stock';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The outbox, exercised through a bus of its own with test subscribers, on the app's real
// database and ctx factory (the app's own bus never sees these subscriber names).

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let tenantId: string;
let variants: string[];

interface Heard {
  subscriber: string;
  event: DomainEvent;
  actor: Ctx['actor'];
}

function busWith(subscribers: Record<string, (ctx: Ctx, event: DomainEvent) => Promise<void>>) {
  const heard: Heard[] = [];
  const failures: { subscriber: string; dead: boolean }[] = [];
  const bus = new EventBus(
    Object.entries(subscribers).map(([name, handle]) => ({
      event: 'test.happened',
      name,
      handle: async (ctx: Ctx, event: DomainEvent) => {
        heard.push({ subscriber: name, event, actor: ctx.actor });
        await handle(ctx, event);
      },
    })),
    (tenant, job, fn) => app.runtime.asSystem(tenant, job, fn),
    (subscriber, _error, dead) => failures.push({ subscriber, dead }),
  );
  return { bus, heard, failures };
}

async function deliveries() {
  return app.inStore('skincare', (ctx) =>
    queryRows<{
      subscriber: string;
      attempts: number;
      delivered_at: Date | null;
      dead_at: Date | null;
      last_error: string | null;
    }>(
      ctx.db,
      sql`select subscriber, attempts, delivered_at, dead_at, last_error from events.delivery
          where type = 'test.happened' order by subscriber`,
    ),
  );
}

async function clearDeliveries() {
  await app.inStore('skincare', (ctx) =>
    ctx.db.execute(sql`delete from events.delivery where type = 'test.happened'`),
  );
}

beforeAll(async () => {
  app = await createTestApp({ clock });
  tenantId = await app.inStore('skincare', async (ctx) => ctx.tenant.id);
  variants = await app.inStore('skincare', async (ctx) =>
    (await queryRows<{ id: string }>(ctx.db, sql`select id from catalog.variant order by id limit 2`)).map(
      (r) => r.id,
    ),
  );
});

afterAll(async () => {
  await app.close();
});

describe('events: a transactional outbox delivered after commit', () => {
  it('an event published in a transaction that rolls back is never delivered', async () => {
    await clearDeliveries();
    const { bus, heard } = busWith({ 'test.listener': async () => undefined });
    await expect(
      app.inStore('skincare', async (ctx) => {
        await bus.publisherFor(ctx).publish('test.happened', { n: 1 });
        throw new Error('the change fails after publishing');
      }),
    ).rejects.toThrow('the change fails');
    await bus.deliver(tenantId);
    expect(heard).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });

  it('a committed event reaches every subscriber once, as system:<subscriber>, with the request id', async () => {
    await clearDeliveries();
    const { bus, heard } = busWith({
      'test.first': async () => undefined,
      'test.second': async () => undefined,
    });
    const requestId = await app.inStore('skincare', async (ctx) => {
      await bus.publisherFor(ctx).publish('test.happened', { orderId: 'ord_x', units: 3 });
      return ctx.requestId;
    });
    await bus.deliver(tenantId);
    await bus.deliver(tenantId); // nothing is delivered twice
    expect(heard.map((h) => h.subscriber).sort()).toEqual(['test.first', 'test.second']);
    for (const h of heard) {
      expect(h.event.payload).toEqual({ orderId: 'ord_x', units: 3 });
      expect(h.event.requestId).toBe(requestId);
      expect(h.actor).toEqual({ kind: 'system', job: h.subscriber });
    }
    const rows = await deliveries();
    expect(rows.every((r) => r.delivered_at !== null && r.attempts === 1)).toBe(true);
  });

  it('a failing subscriber loses its own writes, keeps the others, and is retried with back-off until it succeeds', async () => {
    await clearDeliveries();
    await app.inStore('skincare', async (ctx) => {
      await setStock(ctx, variants[0]!, 40, 'stocktake');
      await setStock(ctx, variants[1]!, 40, 'stocktake');
    });
    // Fails for its first 30 seconds (the first try and the first retry), then works.
    const worksFrom = clock.now().getTime() + 30_000;
    const { bus, failures } = busWith({
      'test.good': async (ctx) => setStock(ctx, variants[0]!, 7, 'stocktake'),
      'test.flaky': async (ctx) => {
        await setStock(ctx, variants[1]!, 9, 'stocktake');
        if (ctx.now().getTime() < worksFrom)
          throw Object.assign(new Error('carrier said no to 555-0100'), { code: 'E_DOWN' });
      },
    });
    await app.inStore('skincare', (ctx) => bus.publisherFor(ctx).publish('test.happened', {}));
    await bus.deliver(tenantId);

    const levels = () => app.inStore('skincare', (ctx) => stockLevels(ctx, variants));
    expect((await levels()).get(variants[0]!)).toBe(7);
    expect((await levels()).get(variants[1]!)).toBe(40); // the failed subscriber's write rolled back
    let rows = await deliveries();
    const flaky = () => rows.find((r) => r.subscriber === 'test.flaky')!;
    expect(flaky()).toMatchObject({
      attempts: 1,
      delivered_at: null,
      dead_at: null,
      last_error: 'Error E_DOWN',
    });
    expect(failures).toEqual([{ subscriber: 'test.flaky', dead: false }]);

    // Not due yet: nothing happens before the back-off has passed.
    await bus.deliver(tenantId);
    rows = await deliveries();
    expect(flaky().attempts).toBe(1);

    clock.advance(6_000); // first back-off: 5 s
    await bus.deliver(tenantId);
    rows = await deliveries();
    expect(flaky().attempts).toBe(2);
    clock.advance(31_000); // second back-off: 30 s
    await bus.deliver(tenantId);
    rows = await deliveries();
    expect(flaky()).toMatchObject({ attempts: 3, dead_at: null });
    expect(flaky().delivered_at).not.toBeNull();
    expect((await levels()).get(variants[1]!)).toBe(9);
    // The good subscriber ran once only, whatever its neighbour did.
    expect(rows.find((r) => r.subscriber === 'test.good')!.attempts).toBe(1);
  });

  it('a subscriber that keeps failing is given up on (dead) after its last retry, and says so once', async () => {
    await clearDeliveries();
    const { bus, failures } = busWith({
      'test.broken': async () => {
        throw new Error('never works');
      },
    });
    await app.inStore('skincare', (ctx) => bus.publisherFor(ctx).publish('test.happened', {}));
    for (let attempt = 0; attempt < 12; attempt++) {
      await bus.deliver(tenantId);
      clock.advance(3_700_000);
    }
    const [row] = await deliveries();
    expect(row!.attempts).toBe(9);
    expect(row!.dead_at).not.toBeNull();
    expect(row!.delivered_at).toBeNull();
    expect(failures.filter((f) => f.dead)).toHaveLength(1);
    expect(failures).toHaveLength(9);
  });
});
