import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { applyPercentOff } from '../../src/platform/money.ts';
import { getProduct } from '../../src/modules/catalog/index.ts';
import {
  addToCart,
  findCart,
  mergeCartOnLogIn,
  openCart,
  removeFromCart,
  setCartQuantity,
  takeCartForCheckout,
  viewCart,
} from '../../src/modules/cart/index.ts';
import type { Ctx } from '../../src/platform/ctx.ts';
import { setStock, stockLevels } from '../../src/modules/stock/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
const inRugs = <T>(fn: (ctx: Ctx) => Promise<T>) => app.inStore('rugs', fn);
/** As a visitor whose browser holds this cart token. */
const withToken = (token: string) => app.as({ kind: 'anonymous' }, { cartToken: token });

/** Variant ids of a product, in display order. */
const variantsOf = async (slug: string) => (await inRugs((ctx) => getProduct(ctx, slug))).variants;

beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app.close());

describe(`SF-5, CK-1: carts with stock checks and server-side totals (${ENGINE})`, () => {
  it('SF-5: an anonymous visitor gets a cart token; only its hash is stored', async () => {
    const { cartId, newToken } = await inRugs((ctx) => openCart(ctx));
    expect(newToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const stored = await inRugs((ctx) =>
      queryRows<{ token_hash: string }>(ctx.db, sql`select token_hash from cart.cart where id = ${cartId}`),
    );
    expect(stored[0]!.token_hash).not.toBe(newToken);
    expect((await withToken(newToken!).inStore('rugs', (ctx) => findCart(ctx)))?.id).toBe(cartId);
    expect(await withToken('someone-elses-guess').inStore('rugs', (ctx) => findCart(ctx))).toBeUndefined();
  });

  it('CK-1: totals are integer cents with the campaign discount, and shipping is free per the policy', async () => {
    const { cartId } = await inRugs((ctx) => openCart(ctx));
    const mat = (await variantsOf('gingham-kitchen-mat'))[0]!; // kitchen mats: 20% campaign
    const rug = (await variantsOf('persian-medallion-washable-rug'))[1]!; // living room: no discount
    await inRugs((ctx) => addToCart(ctx, cartId, mat.id, 2));
    await inRugs((ctx) => addToCart(ctx, cartId, rug.id));
    await inRugs((ctx) => addToCart(ctx, cartId, mat.id)); // adds up: 3 mats
    const view = await inRugs((ctx) => viewCart(ctx, cartId));
    expect(Object.fromEntries(view.lines.map((l) => [l.variant.sku, l.quantity]))).toEqual({
      [mat.sku]: 3,
      [rug.sku]: 1,
    });
    const matNow = applyPercentOff(mat.price.wasCents, 20);
    expect(view.subtotalNowCents).toBe(3 * matNow + rug.price.wasCents);
    expect(view.savingsCents).toBe(3 * (mat.price.wasCents - matNow));
    expect(view.shippingCents).toBe(0);
    expect(view.totalCents).toBe(view.subtotalNowCents);
    expect(Number.isInteger(view.totalCents)).toBe(true);
  });

  it('CK-1: without free shipping the standard rate from the policy is charged', async () => {
    const { cartId } = await inRugs((ctx) => openCart(ctx));
    const runner = (await variantsOf('diamond-washable-runner'))[0]!;
    await inRugs((ctx) => addToCart(ctx, cartId, runner.id));
    const view = await inRugs((ctx) =>
      viewCart(
        {
          ...ctx,
          tenant: {
            ...ctx.tenant,
            policy: {
              ...ctx.tenant.policy,
              freeShipping: { enabled: false, minimumOrderCents: 0, standardRateCents: 995 },
            },
          },
        },
        cartId,
      ),
    );
    expect(view.shippingCents).toBe(995);
    expect(view.totalCents).toBe(view.subtotalNowCents + 995);
  });

  it('SF-5: more than the stock, or over the per-item limit, is refused naming the product', async () => {
    const { cartId } = await inRugs((ctx) => openCart(ctx));
    const v = (await variantsOf('cloud-kids-rug'))[0]!;
    const stock = (await inRugs((ctx) => stockLevels(ctx, [v.id]))).get(v.id)!;
    const expected =
      stock > 20
        ? 'at most 20 units of one item per order'
        : `only ${stock} left of Cloud Kids Rug (${v.title})`;
    await expect(
      inRugs((ctx) => setCartQuantity(ctx, cartId, v.id, Math.max(stock, 20) + 1)),
    ).rejects.toThrow(expected);
    await expect(inRugs((ctx) => setCartQuantity(ctx, cartId, v.id, -1))).rejects.toThrow(
      'quantity must be a whole number of 0 or more',
    );
    await expect(inRugs((ctx) => addToCart(ctx, cartId, 'var_does_not_exist'))).rejects.toThrow(
      "product variant 'var_does_not_exist' was not found",
    );
    await inRugs((ctx) => setStock(ctx, v.id, 0, 'test'));
    await expect(inRugs((ctx) => addToCart(ctx, cartId, v.id))).rejects.toThrow(
      `Cloud Kids Rug (${v.title}) is out of stock`,
    );
    expect((await inRugs((ctx) => viewCart(ctx, cartId))).lines).toEqual([]);
  });

  it('SF-5: a line whose stock fell after it was added is flagged unavailable', async () => {
    const { cartId } = await inRugs((ctx) => openCart(ctx));
    const v = (await variantsOf('hopscotch-kids-rug'))[0]!;
    await inRugs((ctx) => addToCart(ctx, cartId, v.id, 2));
    await inRugs((ctx) => setStock(ctx, v.id, 1, 'test'));
    const [line] = (await inRugs((ctx) => viewCart(ctx, cartId))).lines;
    expect(line).toMatchObject({ quantity: 2, available: false });
    await inRugs((ctx) => removeFromCart(ctx, cartId, v.id));
    expect((await inRugs((ctx) => viewCart(ctx, cartId))).units).toBe(0);
  });

  it('SF-5: carts expire after 30 days without a change; a change extends them', async () => {
    const { cartId, newToken } = await inRugs((ctx) => openCart(ctx));
    const v = (await variantsOf('waffle-quick-dry-bath-mat'))[0]!;
    clock.advance(20 * 86_400_000);
    await inRugs((ctx) => addToCart(ctx, cartId, v.id));
    clock.advance(20 * 86_400_000); // 40 days after creation, 20 after the change
    expect((await withToken(newToken!).inStore('rugs', (ctx) => findCart(ctx)))?.id).toBe(cartId);
    clock.advance(11 * 86_400_000);
    expect(await withToken(newToken!).inStore('rugs', (ctx) => findCart(ctx))).toBeUndefined();
    await expect(inRugs((ctx) => viewCart(ctx, cartId))).rejects.toThrow(`cart '${cartId}' was not found`);
  });

  it("SF-5: on log-in the visitor's cart merges into the member's, capped by stock, and the anonymous cart is gone", async () => {
    const member = { kind: 'member' as const, customerId: 'cus_merge_test' };
    const mine = await app.as(member).inStore('rugs', (ctx) => openCart(ctx));
    const a = (await variantsOf('pebble-stone-bath-mat'))[0]!;
    const b = (await variantsOf('terrazzo-bath-mat'))[0]!;
    await inRugs((ctx) => setStock(ctx, a.id, 3, 'test'));
    await inRugs((ctx) => addToCart(ctx, mine.cartId, a.id, 2));
    const visitor = await inRugs((ctx) => openCart(ctx));
    await inRugs((ctx) => addToCart(ctx, visitor.cartId, a.id, 2));
    await inRugs((ctx) => addToCart(ctx, visitor.cartId, b.id, 1));
    const merged = await withToken(visitor.newToken!).inStore('rugs', (ctx) =>
      mergeCartOnLogIn(ctx, member.customerId),
    );
    expect(merged).toBe(mine.cartId);
    const view = await inRugs((ctx) => viewCart(ctx, mine.cartId));
    expect(Object.fromEntries(view.lines.map((l) => [l.variant.variantId, l.quantity]))).toEqual({
      [a.id]: 3,
      [b.id]: 1,
    });
    expect(await withToken(visitor.newToken!).inStore('rugs', (ctx) => findCart(ctx))).toBeUndefined();
  });

  it('SF-5: a visitor cart becomes the member cart when the member had none', async () => {
    const visitor = await inRugs((ctx) => openCart(ctx));
    const v = (await variantsOf('scalloped-edge-bath-mat'))[0]!;
    await inRugs((ctx) => addToCart(ctx, visitor.cartId, v.id));
    expect(
      await withToken(visitor.newToken!).inStore('rugs', (ctx) => mergeCartOnLogIn(ctx, 'cus_new_member')),
    ).toBe(visitor.cartId);
    expect(
      (await app.as({ kind: 'member', customerId: 'cus_new_member' }).inStore('rugs', (ctx) => findCart(ctx)))
        ?.id,
    ).toBe(visitor.cartId);
  });

  it('SEC-5: a cart id from one store is unknown in another', async () => {
    const { cartId } = await inRugs((ctx) => openCart(ctx));
    await expect(app.inStore('skincare', (ctx) => viewCart(ctx, cartId))).rejects.toThrow(
      `cart '${cartId}' was not found`,
    );
  });

  // Checkout locks the cart and reads its lines in one query when they are current. A checkout
  // that waited for the lock while another request changed the cart must price the cart as that
  // request left it, never the lines as they were before it waited.
  it.runIf(ENGINE === 'postgres')(
    "CK-1: a checkout that waited for the cart's lock sees the line added meanwhile",
    async () => {
      const { cartId, newToken } = await inRugs((ctx) => openCart(ctx));
      const [first, second] = await variantsOf('persian-medallion-washable-rug');
      await inRugs((ctx) => addToCart(ctx, cartId, first!.id));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let changed!: () => void;
      const lineAdded = new Promise<void>((resolve) => (changed = resolve));
      const adding = inRugs(async (ctx) => {
        await addToCart(ctx, cartId, second!.id); // locks the cart row until this commits …
        await viewCart(ctx, cartId); // … once the held-back write has gone out (#db/pipeline.ts)
        changed();
        await held;
      });
      await lineAdded;
      const checkout = withToken(newToken!).inStore('rugs', async (ctx) => {
        const cart = await takeCartForCheckout(ctx); // waits for the other transaction
        return (await viewCart(ctx, cart!)).lines.map((l) => l.variant.variantId).sort();
      });
      await new Promise((resolve) => setTimeout(resolve, 200)); // the checkout is now waiting
      release();
      await adding;
      expect(await checkout).toEqual([first!.id, second!.id].sort());
    },
  );
});
