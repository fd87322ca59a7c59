import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/platform/clock.ts';
import { listWishlist, removeFromWishlist, saveToWishlist } from '../../src/modules/wishlist/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

describe(`SF-5: member wishlist (${ENGINE})`, () => {
  it('SF-5: saved products list newest first with current prices; saving twice keeps one entry', async () => {
    await app
      .as({ kind: 'member', customerId: 'cus_w1' })
      .inStore('fragrance', (ctx) => saveToWishlist(ctx, 'odyssey-tyrant'));
    clock.advance(60_000);
    await app
      .as({ kind: 'member', customerId: 'cus_w1' })
      .inStore('fragrance', (ctx) => saveToWishlist(ctx, 'white-tea-musk'));
    clock.advance(60_000);
    await app
      .as({ kind: 'member', customerId: 'cus_w1' })
      .inStore('fragrance', (ctx) => saveToWishlist(ctx, 'odyssey-tyrant'));
    const items = await app
      .as({ kind: 'member', customerId: 'cus_w1' })
      .inStore('fragrance', (ctx) => listWishlist(ctx));
    expect(items.map((i) => i.slug)).toEqual(['white-tea-musk', 'odyssey-tyrant']);
    expect(items[0]!.price.percentOff).toBe(70);
  });

  it("SF-5: removing works, unknown products are refused, and one member's list is theirs alone", async () => {
    await app
      .as({ kind: 'member', customerId: 'cus_w1' })
      .inStore('fragrance', (ctx) => removeFromWishlist(ctx, 'white-tea-musk'));
    expect(
      (
        await app
          .as({ kind: 'member', customerId: 'cus_w1' })
          .inStore('fragrance', (ctx) => listWishlist(ctx))
      ).map((i) => i.slug),
    ).toEqual(['odyssey-tyrant']);
    expect(
      await app.as({ kind: 'member', customerId: 'cus_w2' }).inStore('fragrance', (ctx) => listWishlist(ctx)),
    ).toEqual([]);
    expect(
      await app.as({ kind: 'member', customerId: 'cus_w1' }).inStore('rugs', (ctx) => listWishlist(ctx)),
    ).toEqual([]);
    await expect(
      app
        .as({ kind: 'member', customerId: 'cus_w1' })
        .inStore('fragrance', (ctx) => saveToWishlist(ctx, 'no-such-scent')),
    ).rejects.toThrow("product 'no-such-scent' was not found");
  });
});
