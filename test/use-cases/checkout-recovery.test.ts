import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import { FixedClock } from '#platform/clock.ts';
import type { Ctx } from '#platform/ctx.ts';
import { submitCheckout, STALE_CHARGING_MINUTES, type CheckoutInput } from '#modules/checkout';
import { ledgerOf, type TestCardProcessor } from '#modules/payments';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  api,
  anotherShopper,
  guestCart,
  guestCheckoutBody,
  policyVersion,
  skusInStock,
  stockOf,
} from '../support/shop-api.ts';

// CK-1, CK-2: the charge happens outside any transaction. A failure after charging refunds the
// charge (compensation); a process that dies between charging and recording leaves a `charging`
// submission the checkout.recover job settles from what the provider knows.

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
let skus: string[];
let version: string;

/** A checkout of a new guest cart, with a transaction runner that fails or stalls on call `n`. */
async function checkoutWith(fault: { call: number; kind: 'fail' | 'stall' }, card?: string) {
  const token = await guestCart(app, 'skincare', [[skus[0]!, 2]]);
  const body = guestCheckoutBody(version, card);
  const input: CheckoutInput = {
    idempotencyKey: `recovery-${Math.random().toString(36).slice(2, 12)}`,
    email: body.email,
    address: body.shippingAddress as unknown as CheckoutInput['address'],
    acceptedPolicyVersion: version,
    payment: { card: body.payment.card },
  };
  let calls = 0;
  const acting = app.as({ kind: 'anonymous' }, { cartToken: token, source: anotherShopper() });
  const run = <T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> => {
    calls++;
    if (calls === fault.call && fault.kind === 'fail')
      return Promise.reject(new Error('the database went away'));
    if (calls === fault.call && fault.kind === 'stall') return new Promise<T>(() => undefined); // the process died
    return acting.inStore('skincare', fn);
  };
  const outcome = submitCheckout(run, input).then(
    (placed) => ({ placed }),
    (error: unknown) => ({ error }),
  );
  return { outcome, token, key: input.idempotencyKey };
}

const processor = () => app.inStore('skincare', async (ctx) => ctx.payments as TestCardProcessor);

async function submission(key: string) {
  return app.inStore('skincare', async (ctx) => {
    const [row] = await queryRows<{ state: string; order_id: string }>(
      ctx.db,
      sql`select state, order_id from checkout.submission where idempotency_key = ${key}`,
    );
    return row;
  });
}

async function orderStatus(orderId: string) {
  return app.inStore('skincare', async (ctx) => {
    const [row] = await queryRows<{ status: string }>(
      ctx.db,
      sql`select status from orders."order" where id = ${orderId}`,
    );
    return row?.status;
  });
}

/** Waits until the stalled checkout has recorded its submission (phase 1 done, charge made or not). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

beforeAll(async () => {
  app = await createTestApp({ clock });
  skus = await skusInStock(app, 'skincare', 1);
  version = await policyVersion(app, 'skincare');
});
afterAll(() => app.close());

describe('CK-1, CK-2: no external call inside a transaction, and nothing charged without an order', () => {
  it('a failure after the charge refunds it: the ledger shows charge and refund, the stock comes back', async () => {
    const stockBefore = await stockOf(app, 'skincare', skus[0]!);
    const chargesBefore = (await processor()).listCharges().length;
    const { outcome, key } = await checkoutWith({ call: 2, kind: 'fail' });
    const result = await outcome;
    expect(result).toHaveProperty('error');

    const charges = (await processor()).listCharges().slice(chargesBefore);
    expect(charges).toHaveLength(1);
    expect(charges[0]!.refundedCents).toBe(charges[0]!.amountCents); // refunded in full
    const row = await submission(key);
    expect(row).toBeUndefined(); // the key is free again
    const orderId = await app.inStore('skincare', async (ctx) => {
      const [o] = await queryRows<{ order_id: string }>(
        ctx.db,
        sql`select order_id from payments.ledger_entry order by created_at desc, id desc limit 1`,
      );
      return o!.order_id;
    });
    const ledger = await app.inStore('skincare', (ctx) => ledgerOf(ctx, orderId));
    expect(ledger.map((e) => [e.kind, e.amountCents])).toEqual([
      ['charge', charges[0]!.amountCents],
      ['refund', -charges[0]!.amountCents], // refunds are negative entries
    ]);
    expect(await orderStatus(orderId)).not.toBe('paid');
    expect(await stockOf(app, 'skincare', skus[0]!)).toBe(stockBefore);
  });

  it('a process that died after charging: the recovery job completes the order once it is stale', async () => {
    const stockBefore = await stockOf(app, 'skincare', skus[0]!);
    const chargesBefore = (await processor()).listCharges().length;
    const { key, token } = await checkoutWith({ call: 2, kind: 'stall' });
    const row = await until(async () =>
      (await processor()).listCharges().length > chargesBefore ? submission(key) : undefined,
    );
    expect(row.state).toBe('charging');

    // Not stale yet: the job leaves a checkout that may still be finishing alone.
    await app.scheduler.runNow('checkout.recover');
    expect((await submission(key))!.state).toBe('charging');

    clock.advance((STALE_CHARGING_MINUTES + 1) * 60_000);
    const runs = await app.scheduler.runNow('checkout.recover');
    expect(runs.find((r) => r.counts.completed === 1)).toBeDefined();
    expect((await submission(key))!.state).toBe('paid');
    expect(await orderStatus(row.order_id)).toBe('paid');
    const ledger = await app.inStore('skincare', (ctx) => ledgerOf(ctx, row.order_id));
    expect(ledger.map((e) => e.kind)).toEqual(['charge']);
    expect(await stockOf(app, 'skincare', skus[0]!)).toBe(stockBefore - 2);
    // The cart became the order.
    const cart = await api(app, 'GET', '/api/stores/skincare/cart', { headers: { 'x-cart-token': token } });
    expect(cart.body.lines ?? []).toEqual([]);
  });

  it('a process that died before the provider answered: nothing was charged, so the job discards the order and frees its stock', async () => {
    const stockBefore = await stockOf(app, 'skincare', skus[0]!);
    const chargesBefore = (await processor()).listCharges().length;
    // A provider error (not a decline) makes checkout undo the reservation in its second
    // transaction; the process "dies" right there.
    const { key } = await checkoutWith({ call: 2, kind: 'stall' }, '4000000000000119');
    const row = await until(() => submission(key));
    await new Promise((r) => setTimeout(r, 50));
    expect((await processor()).listCharges().length).toBe(chargesBefore);
    expect(await stockOf(app, 'skincare', skus[0]!)).toBe(stockBefore - 2);

    clock.advance((STALE_CHARGING_MINUTES + 1) * 60_000);
    const runs = await app.scheduler.runNow('checkout.recover');
    expect(runs.find((r) => r.counts.undone === 1)).toBeDefined();
    expect(await submission(key)).toBeUndefined();
    expect(await orderStatus(row.order_id)).not.toBe('paid');
    expect(await stockOf(app, 'skincare', skus[0]!)).toBe(stockBefore);
  });
});
