import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '#db/client.ts';
import { setStock, stockLevels } from '#modules/stock';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

// A nested `ctx.db.transaction()` is a savepoint on both engines: it never commits the outer
// transaction early, and rolling it back keeps the outer transaction's other work.

let app: TestApp;
let variant: string;

const level = () => app.inStore('skincare', async (ctx) => (await stockLevels(ctx, [variant])).get(variant));

beforeAll(async () => {
  app = await createTestApp();
  variant = await app.inStore('skincare', async (ctx) => {
    const [row] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from catalog.variant order by id limit 1`,
    );
    await setStock(ctx, row!.id, 50, 'stocktake');
    return row!.id;
  });
});
afterAll(() => app.close());

describe(`nested transactions are savepoints (${ENGINE})`, () => {
  it('an inner failure rolls back only the inner work; the outer commits the rest', async () => {
    await app.inStore('skincare', async (ctx) => {
      await setStock(ctx, variant, 40, 'outer');
      await expect(
        ctx.db.transaction(async (tx) => {
          await setStock({ ...ctx, db: tx }, variant, 10, 'inner');
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      expect((await stockLevels(ctx, [variant])).get(variant)).toBe(40);
      await setStock(ctx, variant, 41, 'outer again');
    });
    expect(await level()).toBe(41);
  });

  it('a finished inner transaction does not commit the outer one: an outer failure undoes both', async () => {
    await expect(
      app.inStore('skincare', async (ctx) => {
        await ctx.db.transaction(async (tx) => setStock({ ...ctx, db: tx }, variant, 5, 'inner'));
        // Seen inside the outer transaction …
        expect((await stockLevels(ctx, [variant])).get(variant)).toBe(5);
        throw new Error('outer fails afterwards');
      }),
    ).rejects.toThrow('outer fails');
    // … but not after it rolled back.
    expect(await level()).toBe(41);
  });

  it('savepoints nest: the middle one survives a failure of the innermost', async () => {
    await app.inStore('skincare', async (ctx) =>
      ctx.db.transaction(async (middle) => {
        await setStock({ ...ctx, db: middle }, variant, 30, 'middle');
        await middle
          .transaction(async (inner) => {
            await setStock({ ...ctx, db: inner }, variant, 1, 'inner');
            throw new Error('innermost fails');
          })
          .catch(() => undefined);
      }),
    );
    expect(await level()).toBe(30);
  });
});
