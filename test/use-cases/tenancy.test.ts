import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import { listTenants, type Tenant } from '../../src/modules/tenants/index.ts';
import { createTestApp, ENGINE, openSeededDatabase } from '../support/test-app.ts';

type Row = Record<string, string | number | boolean>;
const rows = (db: Database['db'], query: ReturnType<typeof sql>) => queryRows<Row>(db, query);

describe(`SEC-5: tenant isolation enforced by PostgreSQL row-level security (${ENGINE})`, () => {
  let database: Database;
  let skincare: Tenant;
  let rugs: Tenant;

  beforeAll(async () => {
    database = await openSeededDatabase();
    const tenants = await listTenants({ db: database.db });
    skincare = tenants.find((t) => t.slug === 'skincare')!;
    rugs = tenants.find((t) => t.slug === 'rugs')!;
  });
  afterAll(() => database.close());

  it('SEC-5: every table with a tenant_id column has RLS enabled and a tenant policy', async () => {
    const tables = await rows(
      database.db,
      sql`select c.relnamespace::regnamespace::text as schema, c.relname as name, c.relrowsecurity as rls,
                 (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
          where c.relkind in ('r', 'p')`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const table of tables) {
      expect({
        table: `${table.schema}.${table.name}`,
        rls: table.rls,
        policies: Number(table.policies) > 0,
      }).toEqual({
        table: `${table.schema}.${table.name}`,
        rls: true,
        policies: true,
      });
    }
  });

  it('SEC-5: the application role is not a superuser and cannot bypass RLS', async () => {
    const [role] = await rows(
      database.db,
      sql`select current_user as name, rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = current_user`,
    );
    expect(role).toEqual({ name: 'pledge_app', super: false, bypass: false });
    if (ENGINE === 'postgres') {
      // On a server the app logs in as the role itself: there is no superuser session to return to.
      const [session] = await rows(database.db, sql`select session_user as name`);
      expect(session?.name).toBe('pledge_app');
    }
  });

  it('SEC-5: a query that forgets the tenant filter still sees only its own tenant', async () => {
    const seen = await database.withTenant(skincare.id, (tx) =>
      rows(tx, sql`select tenant_id, name from catalog.product`),
    );
    expect(seen.length).toBeGreaterThanOrEqual(60);
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([skincare.id]));
    const rugNames = await database.withTenant(rugs.id, (tx) =>
      rows(tx, sql`select name from catalog.product`),
    );
    expect(rugNames.length).toBeGreaterThanOrEqual(60);
    const skincareNames = new Set(seen.map((r) => r.name));
    expect(rugNames.filter((r) => skincareNames.has(r.name))).toEqual([]);
  });

  it('SEC-5: even asking for another tenant by id returns nothing', async () => {
    const leaked = await database.withTenant(skincare.id, (tx) =>
      rows(tx, sql`select count(*)::int as n from catalog.variant where tenant_id = ${rugs.id}`),
    );
    expect(leaked[0]?.n).toBe(0);
  });

  it('SEC-5: with no tenant set, tenant tables are empty', async () => {
    const [count] = await rows(database.db, sql`select count(*)::int as n from catalog.product`);
    expect(count?.n).toBe(0);
  });

  it("SEC-5: writing a row into another tenant is refused, and updates cannot reach another tenant's rows", async () => {
    const refused = await database
      .withTenant(skincare.id, (tx) =>
        tx.execute(sql`insert into catalog.search_word (tenant_id, word) values (${rugs.id}, 'smuggled')`),
      )
      .then(
        () => null,
        (error: Error) => error,
      );
    expect(String((refused?.cause as Error | undefined)?.message)).toMatch(/row-level security/);
    const updated = await database.withTenant(skincare.id, (tx) =>
      rows(
        tx,
        sql`update catalog.product set view_count = view_count + 1000 where tenant_id = ${rugs.id} returning id`,
      ),
    );
    expect(updated).toEqual([]);
    const [max] = await database.withTenant(rugs.id, (tx) =>
      rows(tx, sql`select max(view_count)::int as m from catalog.product`),
    );
    expect(max?.m).toBeLessThan(1000);
  });

  it('SEC-5: an insert without tenant_id lands in the transaction tenant', async () => {
    await database.withTenant(rugs.id, (tx) =>
      tx.execute(sql`insert into catalog.search_word (word) values ('defaultedword')`),
    );
    const mine = await database.withTenant(rugs.id, (tx) =>
      rows(tx, sql`select tenant_id from catalog.search_word where word = 'defaultedword'`),
    );
    expect(mine).toEqual([{ tenant_id: rugs.id }]);
    const theirs = await database.withTenant(skincare.id, (tx) =>
      rows(tx, sql`select 1 from catalog.search_word where word = 'defaultedword'`),
    );
    expect(theirs).toEqual([]);
  });

  it('SEC-5: a tenant id that is not a plain id is still only a value: no injection, no rows, and a failed transaction leaves nothing behind', async () => {
    const hostile = `${skincare.id}', true); delete from catalog.product; select set_config('x', 'y`;
    const seen = await database.withTenant(hostile, (tx) =>
      rows(tx, sql`select count(*)::int as n from catalog.product`),
    );
    expect(seen[0]?.n).toBe(0);
    const [after] = await database.withTenant(skincare.id, (tx) =>
      rows(tx, sql`select count(*)::int as n from catalog.product`),
    );
    expect(after?.n).toBeGreaterThan(0);
    // A transaction that throws rolls back, and its connection serves the next one cleanly.
    await expect(
      database.withTenant(skincare.id, async (tx) => {
        await rows(tx, sql`update catalog.product set name = 'Rolled Back' where true`);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    for (let i = 0; i < 12; i++) {
      const [n] = await database.withTenant(skincare.id, (tx) =>
        rows(tx, sql`select count(*)::int as n from catalog.product where name = 'Rolled Back'`),
      );
      expect(n?.n).toBe(0);
    }
    // The setting is local to each transaction: a pooled connection does not carry it over.
    const [none] = await rows(database.db, sql`select current_setting('app.tenant_id', true) as t`);
    expect(none?.t ?? '').toBe('');
  });

  it('SEC-5, SF-2: the index-backed search function answers only for the transaction tenant, and nothing without one', async () => {
    const matches = (tx: Parameters<typeof rows>[0]) =>
      rows(
        tx,
        sql`select count(*)::int as n from catalog.search_matches(plainto_tsquery('english', 'rug'), 'rug', null)`,
      );
    const [inRugs] = await database.withTenant(rugs.id, matches);
    const [inSkincare] = await database.withTenant(skincare.id, matches);
    const [none] = await matches(database.db);
    expect(inRugs?.n).toBeGreaterThan(0);
    expect(inSkincare?.n).toBe(0);
    expect(none?.n).toBe(0);
  });
});

describe(`SEC-5: the tenant registry is read-only to the application (${ENGINE})`, () => {
  it('SEC-5: the app role can read the registry but not insert, change or delete a store; the operator path can', async () => {
    const app = await createTestApp();
    try {
      const rugs = app.directory.bySlugOrUndefined('rugs')!;
      const attempts = [
        sql`update tenants.tenant set name = 'Hijacked' where slug = 'rugs'`,
        sql`update tenants.tenant set hosts = array['evil.example'] where slug = 'skincare'`,
        sql`delete from tenants.tenant where slug = 'fragrance'`,
        sql`insert into tenants.tenant (id, slug, name, policy, created_at) values ('ten_x', 'x', 'X', '{}', now())`,
      ];
      for (const attempt of attempts) {
        const outcome = await app.database
          .withTenant(rugs.id, (db) => queryRows(db, attempt))
          .then(
            () => 'written',
            (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
          );
        expect(outcome).toMatch(/permission denied/);
      }
      const names = await queryRows<{ name: string }>(
        app.database.db,
        sql`select name from tenants.tenant order by slug`,
      );
      expect(names.map((n) => n.name)).not.toContain('Hijacked');
      await app.database.asOperator((db) =>
        queryRows(db, sql`update tenants.tenant set tagline = 'Changed by the operator' where slug = 'rugs'`),
      );
      const [rugsRow] = await queryRows<{ tagline: string }>(
        app.database.db,
        sql`select tagline from tenants.tenant where slug = 'rugs'`,
      );
      expect(rugsRow!.tagline).toBe('Changed by the operator');
    } finally {
      await app.close();
    }
  });
});
