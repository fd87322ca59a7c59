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
    await app.inStore('fragrance', (ctx) => saveToWishlist(ctx, 'cus_w1', 'odyssey-tyrant'));
    clock.advance(60_000);
    await app.inStore('fragrance', (ctx) => saveToWishlist(ctx, 'cus_w1', 'white-tea-musk'));
    clock.advance(60_000);
    await app.inStore('fragrance', (ctx) => saveToWishlist(ctx, 'cus_w1', 'odyssey-tyrant'));
    const items = await app.inStore('fragrance', (ctx) => listWishlist(ctx, 'cus_w1'));
    expect(items.map((i) => i.slug)).toEqual(['white-tea-musk', 'odyssey-tyrant']);
    expect(items[0]!.price.percentOff).toBe(70);
  });

  it("SF-5: removing works, unknown products are refused, and one member's list is theirs alone", async () => {
    await app.inStore('fragrance', (ctx) => removeFromWishlist(ctx, 'cus_w1', 'white-tea-musk'));
    expect((await app.inStore('fragrance', (ctx) => listWishlist(ctx, 'cus_w1'))).map((i) => i.slug)).toEqual(
      ['odyssey-tyrant'],
    );
    expect(await app.inStore('fragrance', (ctx) => listWishlist(ctx, 'cus_w2'))).toEqual([]);
    expect(await app.inStore('rugs', (ctx) => listWishlist(ctx, 'cus_w1'))).toEqual([]);
    await expect(
      app.inStore('fragrance', (ctx) => saveToWishlist(ctx, 'cus_w1', 'no-such-scent')),
    ).rejects.toThrow("product 'no-such-scent' was not found");
  });
});
