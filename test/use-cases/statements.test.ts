import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statement } from '#db/statement.ts';
import { newId } from '#platform/ids.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

// The hot path's hand-written statements (#db/statement.ts) and the pipelined transactions they
// run in on a PostgreSQL server (#db/pipeline.ts): writes sent without waiting must behave like
// awaited ones — seen by what follows, committed with the rest, and failing the whole transaction
// with their own error.

let app: TestApp;

const typed = statement<{ at: Date; doc: { a: number[] }; list: string[]; n: number }>(
  `select $1::timestamptz as at, $2::jsonb as doc, $3::text[] as list, 7::int as n`,
);
const insertCart = statement(
  `insert into cart.cart (id, token_hash, customer_id, created_at, updated_at, expires_at)
   values ($1, null, null, $2, $2, $2)`,
);
const cartById = statement<{ id: string }>(`select id from cart.cart where id = $1`);

const exists = (id: string) =>
  app.inStore('skincare', async (ctx) => (await cartById.one(ctx.db, [id])) !== undefined);
const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe(`hand-written statements in pipelined transactions (${ENGINE})`, () => {
  it('rows come back typed the same way on both engines', async () => {
    const at = new Date('2026-11-23T10:00:00.123Z');
    const row = await app.inStore('skincare', (ctx) =>
      typed.one(ctx.db, [at, JSON.stringify({ a: [1, 2] }), ['x', 'y']]),
    );
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.at.toISOString()).toBe(at.toISOString());
    expect(row!.doc).toEqual({ a: [1, 2] });
    expect(row!.list).toEqual(['x', 'y']);
    expect(row!.n).toBe(7);
  });

  it('a write sent without waiting is seen by the next statement and commits with the transaction', async () => {
    const id = newId('crt');
    const seenInside = await app.inStore('skincare', async (ctx) => {
      await insertCart.later(ctx.db, [id, ctx.now()]);
      return (await cartById.one(ctx.db, [id]))?.id;
    });
    expect(seenInside).toBe(id);
    expect(await exists(id)).toBe(true);
  });

  it('a failing write sent without waiting fails its transaction with its own error, and nothing of it stays', async () => {
    const first = newId('crt');
    const code = await codeOf(
      app.inStore('skincare', async (ctx) => {
        await insertCart.later(ctx.db, [first, ctx.now()]);
        await insertCart.later(ctx.db, [first, ctx.now()]); // the same id again: a unique violation
        await cartById.one(ctx.db, [first]); // would report "transaction aborted" without the cause
      }),
    );
    expect(code).toBe('23505');
    expect(await exists(first)).toBe(false);
  });

  it('a write that fails at commit (nothing read after it) still fails the transaction', async () => {
    const id = newId('crt');
    await app.inStore('skincare', (ctx) => insertCart.run(ctx.db, [id, ctx.now()]));
    const other = newId('crt');
    const code = await codeOf(
      app.inStore('skincare', async (ctx) => {
        await insertCart.later(ctx.db, [other, ctx.now()]);
        await insertCart.later(ctx.db, [id, ctx.now()]); // exists already
      }),
    );
    expect(code).toBe('23505');
    expect(await exists(other)).toBe(false);
  });

  it('inside a savepoint, a failing write rolls back to it and the outer transaction goes on', async () => {
    const [kept, again, after] = [newId('crt'), newId('crt'), newId('crt')];
    await app.inStore('skincare', async (ctx) => {
      await insertCart.later(ctx.db, [kept, ctx.now()]);
      const inner = await codeOf(
        ctx.db.transaction(async (tx) => {
          await insertCart.later(tx, [again, ctx.now()]);
          await insertCart.later(tx, [kept, ctx.now()]); // fails: the savepoint's work goes
        }),
      );
      expect(inner).toBe('23505');
      await insertCart.later(ctx.db, [after, ctx.now()]);
    });
    expect([await exists(kept), await exists(again), await exists(after)]).toEqual([true, false, true]);
  });

  it('a transaction that sends nothing answers, and the next one runs normally', async () => {
    expect(await app.inStore('skincare', async () => 42)).toBe(42);
    const id = newId('crt');
    await app.inStore('skincare', (ctx) => insertCart.later(ctx.db, [id, ctx.now()]));
    expect(await exists(id)).toBe(true);
  });
});
