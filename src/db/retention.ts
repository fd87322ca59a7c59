import { notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
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

/**
 * The condition that leaves out rows of subjects under a legal hold (RT-5): `column not in (…)`,
 * or nothing when no hold stands.
 */
export function exceptSubjects(column: PgColumn, held: readonly string[]): SQL {
  return held.length > 0 ? notInArray(column, [...held]) : sql`true`;
}
