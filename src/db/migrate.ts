import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './client.ts';

/** Where drizzle-kit writes the committed SQL migrations. */
export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** What migration needs from a connection that owns the schema. */
export interface MigrationTarget {
  kind: 'pglite' | 'postgres';
  exec(text: string): Promise<void>;
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  drizzle: Db;
}

const PLATFORM_SCHEMAS_EXCLUDED = ['information_schema', 'public', 'drizzle'];
/**
 * Schemas the app role may only read: the tenant registry is how a request finds its store, so a
 * request must never be able to change it (writes go through `Database.asOperator`).
 */
const READ_ONLY_SCHEMAS = ['tenants'];
// Append-only tables (AU-2): the app role may add and read rows, never change or remove them.
const APPEND_ONLY_TABLES = [
  'privacy.audit_event',
  'privacy.audit_checkpoint',
  'privacy.policy_version',
  'privacy.disclosure',
];

/**
 * Brings a database to the latest schema: creates the app role, applies pending drizzle-kit
 * migrations, then grants the app role data access (never ownership) to every module schema.
 */
export async function migrateDatabase(
  target: MigrationTarget,
  appRole: string,
  appPassword?: string,
): Promise<void> {
  await ensureAppRole(target, appRole, appPassword);
  const { migrate } =
    target.kind === 'pglite'
      ? await import('drizzle-orm/pglite/migrator')
      : await import('drizzle-orm/node-postgres/migrator');
  // Serialise concurrent migrators on one server (several processes or test workers starting at once).
  if (target.kind === 'postgres') await target.exec(`select pg_advisory_lock(727274)`);
  try {
    await migrate(target.drizzle as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await grantAppRole(target, appRole);
  } finally {
    if (target.kind === 'postgres') await target.exec(`select pg_advisory_unlock(727274)`);
  }
}

/** Count of committed migrations; the CLI reports it. */
export function countMigrations(): number {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
}

async function ensureAppRole(target: MigrationTarget, appRole: string, appPassword?: string): Promise<void> {
  const rows = await target.query(`select 1 from pg_roles where rolname = $1`, [appRole]);
  if (rows.length === 0) {
    // Roles are cluster-wide: another database on the same server may create it at the same moment.
    try {
      await target.exec(`create role ${appRole} login nosuperuser nobypassrls nocreatedb nocreaterole`);
    } catch (error) {
      if (!String((error as Error).message).includes('already exists')) throw error;
    }
  }
  if (appPassword !== undefined) {
    // ALTER ROLE takes no bind parameters, hence the quoted literal.
    await target.exec(`alter role ${appRole} password '${appPassword.replaceAll("'", "''")}'`);
  }
}

async function grantAppRole(target: MigrationTarget, appRole: string): Promise<void> {
  const schemas = await target.query(
    `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> all($1::text[])`,
    [PLATFORM_SCHEMAS_EXCLUDED],
  );
  const statements = [`grant connect on database ${await currentDatabase(target)} to ${appRole}`];
  for (const row of schemas) {
    const schema = String(row.nspname);
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) continue;
    if (READ_ONLY_SCHEMAS.includes(schema)) {
      statements.push(
        `grant usage on schema ${schema} to ${appRole}`,
        `revoke insert, update, delete, truncate on all tables in schema ${schema} from ${appRole}`,
        `grant select on all tables in schema ${schema} to ${appRole}`,
      );
      continue;
    }
    statements.push(
      `grant usage on schema ${schema} to ${appRole}`,
      `grant select, insert, update, delete on all tables in schema ${schema} to ${appRole}`,
      `grant usage, select on all sequences in schema ${schema} to ${appRole}`,
    );
  }
  for (const table of APPEND_ONLY_TABLES)
    statements.push(`revoke update, delete, truncate on ${table} from ${appRole}`);
  await target.exec(statements.join(';\n'));
}

async function currentDatabase(target: MigrationTarget): Promise<string> {
  const [row] = await target.query(`select current_database() as name`);
  return `"${String(row?.name).replaceAll('"', '""')}"`;
}
