import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { PERSONAL_DATA } from '../../src/modules.ts';
import {
  declaredFields,
  definePersonalData,
  isSealedValue,
  undeclaredPersonalColumns,
  type ColumnRef,
} from '../../src/modules/privacy/index.ts';
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
    for (const t of ['catalog.product', 'catalog.search_stat', 'tenants.tenant', 'privacy.subject_key'])
      expect(tables).toContain(t);
  });

  it('PV-1: no column whose name looks personal is missing from the inventory', () => {
    expect(undeclaredPersonalColumns(columns, PERSONAL_DATA)).toEqual([]);
  });

  it('PV-1: the check catches an undeclared personal column, and a declaration satisfies it', () => {
    const withEmail = [
      ...columns,
      { schema: 'shop', table: 'lead', column: 'email' },
      { schema: 'orders', table: 'order', column: 'recipient_name' },
    ];
    expect(undeclaredPersonalColumns(withEmail, PERSONAL_DATA)).toEqual([
      'shop.lead.email',
      'orders.order.recipient_name',
    ]);
    const declared = definePersonalData({
      module: 'shop',
      subject: 'shopper',
      fields: {
        'shop.lead.email': {
          category: 'account',
          purposes: ['login', 'order_updates'],
          readableBy: ['subject', 'customer_service:masked', 'compliance'],
          sharedWith: [],
          retention: 'account_data',
          storage: 'sealed',
        },
      },
    });
    expect(undeclaredPersonalColumns(withEmail, [...PERSONAL_DATA, declared])).toEqual([
      'orders.order.recipient_name',
    ]);
  });

  it.skipIf(declaredFields(PERSONAL_DATA).size === 0)(
    'PV-1: every declared column exists, is text, and holds only vault ciphertext',
    async () => {
      const byKey = new Map(columns.map((c) => [`${c.schema}.${c.table}.${c.column}`, c]));
      for (const [key, field] of declaredFields(PERSONAL_DATA)) {
        const column = byKey.get(key);
        expect(column, `${key} is declared but not in the database`).toBeDefined();
        expect(column!.type, key).toBe('text');
        if (field.storage !== 'sealed') continue;
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
    },
  );

  it('PV-1: declarations must name schema.table.column', () => {
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
            retention: 'r',
            storage: 'sealed',
          },
        },
      }),
    ).toThrow("personal field 'email' must be named schema.table.column");
  });
});
