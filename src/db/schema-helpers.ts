import { sql, type SQL } from 'drizzle-orm';
import { customType, pgPolicy, text } from 'drizzle-orm/pg-core';

/**
 * The `tenant_id` column every tenant-owned table carries. It defaults to the transaction's
 * tenant, so an insert cannot land in another tenant even if the code forgets to set it.
 */
export const tenantIdColumn = () =>
  text('tenant_id')
    .notNull()
    .default(sql`current_setting('app.tenant_id')`);

/**
 * The row-level-security policy of a tenant-owned table: rows are visible and writable only when
 * their tenant is the transaction's `app.tenant_id` (SEC-5). With no tenant set, nothing is visible.
 */
export const tenantIsolation = (table: { tenantId: unknown }) =>
  pgPolicy('tenant_isolation', {
    as: 'permissive',
    for: 'all',
    to: 'public',
    using: sql`${table.tenantId as never} = current_setting('app.tenant_id', true)`,
    withCheck: sql`${table.tenantId as never} = current_setting('app.tenant_id', true)`,
  });

/** PostgreSQL's full-text document type. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/**
 * A PostgreSQL array literal built from bind parameters. Drizzle expands a JS array inside `sql`
 * into a parameter list, so arrays are spelled out element by element with an explicit type.
 */
export function sqlArray(values: readonly (string | number)[], type: 'text' | 'int' | 'bigint'): SQL {
  if (values.length === 0) return sql.raw(`'{}'::${type}[]`);
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::${sql.raw(type)}[]`;
}
