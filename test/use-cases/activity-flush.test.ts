import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { ActivityBuffer } from '../../src/modules/catalog/activity-buffer.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let tenantId: string;
beforeAll(async () => {
  app = await createTestApp();
  tenantId = app.directory.bySlugOrUndefined('rugs')!.id;
});
afterAll(() => app.close());

const searchCount = async (query: string) =>
  (
    await app.inStore('rugs', (ctx) =>
      queryRows<{ n: number }>(
        ctx.db,
        sql`select coalesce(sum(searches), 0)::int as n from catalog.search_stat where query = ${query}`,
      ),
    )
  )[0]!.n;

describe(`SF-2, SH-4: a poisoned counter entry is dropped, never re-queued forever (${ENGINE})`, () => {
  it('SF-2: a keyword the database refuses is dropped; the rest of the batch is still written', async () => {
    // Bypasses the HTTP edge, which refuses such text: the buffer must survive it on its own.
    const buffer = new ActivityBuffer();
    buffer.addSearch(tenantId, '2026-11-23', 'washable runner', false);
    buffer.addSearch(tenantId, '2026-11-23', 'poison\u0000ed', false);
    buffer.addSearch(tenantId, '2026-11-23', 'jute rug', true);
    await expect(app.inStore('rugs', (ctx) => buffer.flushTenant(ctx))).resolves.toEqual({
      written: 2,
      dropped: 1,
    });
    expect(buffer.pending).toBe(false);
    expect(buffer.dropped).toBe(1);
    expect(await searchCount('washable runner')).toBe(1);
    expect(await searchCount('jute rug')).toBe(1);
    // The next flush has nothing left to retry.
    buffer.addSearch(tenantId, '2026-11-23', 'washable runner', false);
    await app.inStore('rugs', (ctx) => buffer.flushTenant(ctx));
    expect(await searchCount('washable runner')).toBe(2);
  });

  it('SF-2: when the database is away, counts wait for the next flush (bounded), and nothing is dropped', async () => {
    const buffer = new ActivityBuffer();
    buffer.addSearch(tenantId, '2026-11-23', 'kept for later', false);
    const away = { transaction: () => Promise.reject(new Error('connection refused')) };
    const rugs = app.directory.bySlugOrUndefined('rugs')!;
    await expect(buffer.flushTenant({ db: away as never, tenant: rugs })).rejects.toThrow(
      'connection refused',
    );
    expect(buffer.pending).toBe(true);
    expect(buffer.dropped).toBe(0);
    await app.inStore('rugs', (ctx) => buffer.flushTenant(ctx));
    expect(await searchCount('kept for later')).toBe(1);
  });

  it('SH-4: a failed query is logged without its parameter values', async () => {
    const secret = 'marisol.quenby@example.net';
    const failed = await app
      .inStore('rugs', (ctx) => queryRows(ctx.db, sql`select ${secret}::int`))
      .catch((e: unknown) => e);
    app.log.error({ err: failed }, 'query failed');
    const line = app.logs.lines.at(-1)!;
    expect(line).toContain('22P02'); // invalid_text_representation: the failure is named …
    expect(line).toContain('select $1::int'); // … with the statement …
    expect(line).not.toContain('marisol'); // … and never the value
  });
});
