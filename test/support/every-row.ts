import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { TestApp } from './test-app.ts';

/**
 * Every row of every table of the stores' schemas, as JSON text, read as the schema owner (so no
 * row is hidden by tenant isolation). The audit log is left out: it names pseudonyms only and is
 * checked on its own.
 */
export async function everyRow(app: TestApp): Promise<{ table: string; text: string }[]> {
  return app.database.asOperator(async (db) => {
    const tables = await queryRows<{ schema: string; name: string }>(
      db,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'drizzle')
            and not (table_schema = 'privacy' and table_name = 'audit_event')`,
    );
    const out: { table: string; text: string }[] = [];
    for (const t of tables) {
      const rows = await queryRows<{ row: string }>(
        db,
        sql.raw(`select row_to_json(t)::text as row from "${t.schema}"."${t.name}" t`),
      );
      for (const r of rows) out.push({ table: `${t.schema}.${t.name}`, text: r.row });
    }
    return out;
  });
}
