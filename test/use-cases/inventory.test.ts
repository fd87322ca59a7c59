import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { MODULES } from '../../src/modules.ts';
import {
  Inventory,
  PURPOSES,
  RETENTION_RULES,
  definePersonalData,
  isSealedValue,
  undeclaredPersonalColumns,
  type ColumnRef,
} from '../../src/modules/privacy/index.ts';
import { DEMO_STORES } from '../../src/seeds/demo/seed-demo.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let columns: (ColumnRef & { type: string })[];

beforeAll(async () => {
  app = await createTestApp();
  columns = await queryRows<ColumnRef & { type: string }>(
    app.database.db,
    sql`select table_schema as schema, table_name as "table", column_name as "column", data_type as type
        from information_schema.columns
        where table_schema not in ('pg_catalog', 'information_schema', 'drizzle', 'public')`,
  );
});
afterAll(() => app.close());

describe(`PV-1: every personal column is declared in the data inventory (${ENGINE})`, () => {
  it('PV-1: the schema is visible to the check (it reads every module table)', () => {
    const tables = new Set(columns.map((c) => `${c.schema}.${c.table}`));
    for (const t of [
      'catalog.product',
      'orders.order',
      'tenants.tenant',
      'privacy.subject_key',
      'payments.ledger_entry',
    ])
      expect(tables).toContain(t);
  });

  it('PV-1: no column is left undeclared: not one whose name looks personal, not any of a table about a person', () => {
    expect(undeclaredPersonalColumns(columns, app.inventory)).toEqual([]);
  });

  it('PV-1: the check catches a personal-looking column, and any new column of a table that links to a person', () => {
    const more = [
      ...columns,
      { schema: 'shop', table: 'lead', column: 'email' },
      { schema: 'orders', table: 'order', column: 'gift_message_hint' }, // a new column of a personal table
      { schema: 'catalog', table: 'product', column: 'weight_grams' }, // a product is about nobody
    ];
    expect(undeclaredPersonalColumns(more, app.inventory)).toEqual([
      'orders.order.gift_message_hint',
      'shop.lead.email',
    ]);
    const declared = definePersonalData({
      module: 'shop',
      subject: 'shopper',
      fields: {
        'shop.lead.email': {
          category: 'account',
          purposes: ['login'],
          readableBy: ['subject'],
          sharedWith: [],
          retention: 'account_data',
          storage: 'sealed',
        },
      },
    });
    expect(undeclaredPersonalColumns(more, new Inventory([...app.inventory.declarations, declared]))).toEqual(
      ['orders.order.gift_message_hint'],
    );
  });

  it('PV-1: every declared column exists; sealed ones hold only vault ciphertext', async () => {
    const byKey = new Map(columns.map((c) => [`${c.schema}.${c.table}.${c.column}`, c]));
    for (const [key, field] of [...app.inventory.fields, ...app.inventory.subjectLinks]) {
      expect(byKey.get(key), `${key} is declared but not in the database`).toBeDefined();
      if (!('storage' in field) || field.storage !== 'sealed') continue;
      const [schema, table, col] = key.split('.');
      for (const tenant of app.directory.all()) {
        const values = await app.database.withTenant(tenant.id, (tx) =>
          queryRows<{ v: string }>(
            tx,
            sql`select ${sql.identifier(col!)} as v from ${sql.identifier(schema!)}.${sql.identifier(table!)} where ${sql.identifier(col!)} is not null limit 500`,
          ),
        );
        for (const { v } of values)
          expect(isSealedValue(v), `${key} holds a value that is not sealed`).toBe(true);
      }
    }
  });

  it('PV-1: every module that holds personal data about someone registers export and erasure handlers', () => {
    const missing = MODULES.filter((m) => {
      const pd = m.personalData;
      if (!pd) return false;
      const holds =
        Object.keys(pd.declaration.fields).length + Object.keys(pd.declaration.subjectLinks ?? {}).length;
      return holds > 0 && !pd.declaration.unlinkable && (!pd.export || !pd.erase);
    });
    expect(missing.map((m) => m.name)).toEqual([]);
  });

  it('PV-1: a module declares only its own schema’s columns, and only the Postgres schema it is named after', () => {
    expect(() =>
      definePersonalData({
        module: 'cart',
        subject: 'shopper',
        fields: {},
        notPersonal: { 'orders.order.number': 'x' },
      }),
    ).toThrow("module 'cart' declares 'orders.order.number', a column of another module's schema");
    expect(() =>
      definePersonalData({
        module: 'x',
        subject: 'shopper',
        fields: {
          email: {
            category: 'account',
            purposes: [],
            readableBy: [],
            sharedWith: [],
            retention: 'account_data',
            storage: 'sealed',
          },
        },
      }),
    ).toThrow("personal field 'email' must be named schema.table.column");
  });

  it('RT-1, PV-5: every retention rule and purpose the inventory names is defined by every demo store’s policy', () => {
    const usedRules = new Set(
      [...app.inventory.fields.values(), ...app.inventory.subjectLinks.values()].map((f) => f.retention),
    );
    const usedPurposes = new Set([...app.inventory.fields.values()].flatMap((f) => f.purposes));
    for (const rule of usedRules) expect(RETENTION_RULES).toContain(rule);
    for (const purpose of usedPurposes) expect(PURPOSES).toContain(purpose);
    for (const tenant of app.directory.all()) {
      for (const rule of RETENTION_RULES)
        expect(tenant.policy.retention[rule], `${tenant.slug}: ${rule}`).toBeDefined();
      for (const purpose of PURPOSES)
        expect(tenant.policy.purposes[purpose], `${tenant.slug}: ${purpose}`).toBeTruthy();
    }
    expect(DEMO_STORES.map((s) => s.slug).sort()).toEqual(
      app.directory
        .all()
        .map((t) => t.slug)
        .sort(),
    );
  });

  it('PV-1: the vault refuses to seal or index a column the inventory does not declare', async () => {
    await expect(
      app.inStore('rugs', (ctx) =>
        ctx.vault.seal(ctx, 'gst_x', 'orders.order', 'ord_x', { gift_note: 'hello' }),
      ),
    ).rejects.toThrow("'orders.order.gift_note' is not declared in the data inventory");
    await expect(
      app.inStore('rugs', (ctx) =>
        ctx.vault.seal(ctx, 'gst_x', 'orders.order', 'ord_x', { contact_email_index: 'x' }),
      ),
    ).rejects.toThrow("is declared with storage 'blind_index', not 'sealed'");
    await expect(
      app.inStore('rugs', (ctx) => ctx.vault.blindIndex(ctx, 'orders.order.number', 'x')),
    ).rejects.toThrow("declared with storage 'plain', not 'blind_index'");
  });
});
