import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/**
 * The one statement shape retention needs (RT-1): count the rows a rule would remove (a dry run),
 * or delete them. Repositories call it with their own table and condition.
 */
export async function countOrDelete(db: Db, table: PgTable, where: SQL, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(where);
    return row?.n ?? 0;
  }
  const rows = await db
    .delete(table)
    .where(where)
    .returning({ one: sql<number>`1` });
  return rows.length;
}
