import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '#db/client.ts';
import { QUEUE_SCHEMA } from '#platform/jobs/queue-runner.ts';

/** One table of the application's schemas, as the backup sees it. */
export interface TableShape {
  /** `schema.table`. */
  name: string;
  /** Columns a restore writes (generated columns are left to the database). */
  columns: string[];
  /** Tables this one references (its rows go in after theirs). */
  references: string[];
  /** `column` → sequence, for serial columns whose counter must follow the restored rows. */
  serials: { column: string; sequence: string }[];
}

/** Schemas that are not the application's data (the migration ledger, the catalog). */
// The job queue's schema (pg-boss) holds operational state, not the stores' data: schedules are
// written again at every start, and a restored queue would replay jobs of another time.
const NOT_DATA = ['information_schema', 'public', 'drizzle', QUEUE_SCHEMA];
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (name: string) => name.split('.').map(ident).join('.');
/** Rows per statement when writing back (one JSON parameter each). */
const CHUNK = 2000;

/**
 * Reads the shape of every application table from the system catalog, parents before children
 * (a table after every table it references), so a restore can insert with foreign keys on.
 */
export async function listTables(db: Db): Promise<TableShape[]> {
  const columns = await queryRows<{
    name: string;
    column: string;
    generated: string;
    sequence: string | null;
  }>(
    db,
    sql`select n.nspname || '.' || c.relname as name, a.attname as column, a.attgenerated as generated,
               pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as sequence
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where c.relkind in ('r', 'p') and n.nspname not like 'pg\\_%'
           and n.nspname <> all(${sql.raw(`array[${NOT_DATA.map((s) => `'${s}'`).join(',')}]`)})
         order by n.nspname, c.relname, a.attnum`,
  );
  const references = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select cn.nspname || '.' || c.relname as child, pn.nspname || '.' || p.relname as parent
          from pg_constraint k
          join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
          join pg_class p on p.oid = k.confrelid join pg_namespace pn on pn.oid = p.relnamespace
         where k.contype = 'f'`,
  );
  const shapes = new Map<string, TableShape>();
  for (const c of columns) {
    const shape = shapes.get(c.name) ?? { name: c.name, columns: [], references: [], serials: [] };
    if (!c.generated) shape.columns.push(c.column);
    if (c.sequence) shape.serials.push({ column: c.column, sequence: c.sequence });
    shapes.set(c.name, shape);
  }
  for (const r of references) {
    const shape = shapes.get(r.child);
    if (shape && r.parent !== r.child && shapes.has(r.parent) && !shape.references.includes(r.parent))
      shape.references.push(r.parent);
  }
  // Depth-first topological order; the catalog's foreign keys form no cycles between tables.
  const ordered: TableShape[] = [];
  const seen = new Set<string>();
  const visit = (shape: TableShape) => {
    if (seen.has(shape.name)) return;
    seen.add(shape.name);
    for (const parent of shape.references) visit(shapes.get(parent)!);
    ordered.push(shape);
  };
  for (const shape of shapes.values()) visit(shape);
  return ordered;
}

/** Makes the caller's transaction one snapshot for all its reads (before it reads anything). */
export async function repeatableRead(db: Db): Promise<void> {
  await db.execute(sql`set transaction isolation level repeatable read, read only`);
}

/** Every row of a table as JSON text (PostgreSQL's own text forms: bytea as hex, times with zone). */
export async function readTable(db: Db, table: TableShape): Promise<Record<string, unknown>[]> {
  const cols = table.columns.map(ident).join(', ');
  const rows = await queryRows<{ row: Record<string, unknown> }>(
    db,
    sql.raw(`select json_build_object(${table.columns.map((c) => `'${c}', t.${ident(c)}`).join(', ')}) as row
               from (select ${cols} from ${qualified(table.name)}) t`),
  );
  return rows.map((r) => r.row);
}

/**
 * Empties every given table at once, with their triggers off (the audit log refuses TRUNCATE to
 * everyone but its owner switching the guard off for a restore; the category counts must come back
 * as they were, not be recounted row by row). The caller's transaction turns them on again.
 */
export async function emptyTables(db: Db, tables: readonly TableShape[]): Promise<void> {
  for (const t of tables) await db.execute(sql.raw(`alter table ${qualified(t.name)} disable trigger user`));
  await db.execute(sql.raw(`truncate ${tables.map((t) => qualified(t.name)).join(', ')}`));
}

/** Writes rows back into an emptied table, then moves its serial counters past them. */
export async function writeTable(
  db: Db,
  table: TableShape,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const cols = table.columns.map(ident).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + CHUNK));
    await db.execute(
      sql`insert into ${sql.raw(qualified(table.name))} (${sql.raw(cols)})
          select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(qualified(table.name))}, ${chunk}::json)`,
    );
  }
  for (const s of table.serials) {
    await db.execute(
      sql.raw(
        `select setval('${s.sequence.replaceAll("'", "''")}', coalesce((select max(${ident(s.column)}) from ${qualified(table.name)}), 0) + 1, false)`,
      ),
    );
  }
}

/** Turns the tables' own triggers back on after a restore. */
export async function enableTriggers(db: Db, tables: readonly TableShape[]): Promise<void> {
  for (const t of tables) await db.execute(sql.raw(`alter table ${qualified(t.name)} enable trigger user`));
}

/** The number of migrations applied: a backup restores only into the same schema version. */
export async function migrationCount(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row?.n ?? 0;
}

/** Keys destroyed in the database now (the erasure ledger a restore replays). */
export async function destroyedKeys(db: Db): Promise<{ id: string; destroyedAt: string }[]> {
  return queryRows<{ id: string; destroyedAt: string }>(
    db,
    sql`select id, destroyed_at::text as "destroyedAt" from privacy.subject_key where destroyed_at is not null`,
  );
}
