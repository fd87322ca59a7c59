import type { Database } from '#db/client.ts';
import {
  destroyedKeys,
  repeatableRead,
  emptyTables,
  enableTriggers,
  listTables,
  migrationCount,
  readTable,
  writeTable,
} from './backup.repository.ts';
import { BackupFileError, openBackup, sealBackup, type BackupKey, type BackupHeader } from './backup-file.ts';

/** The data-key table: backed up on its own and never restored over a newer erasure. */
const KEY_TABLE = 'privacy.subject_key';
/** Legal holds: the live ledger wins over the backup's (see restoreBackup). */
const HOLD_TABLE = 'privacy.legal_hold';

/** What `createBackup` wrote. */
export interface BackupMade {
  file: Buffer;
  header: BackupHeader;
  millis: number;
}

/** What `restoreBackup` did (counts and ids of data keys; no personal values). */
export interface BackupRestored {
  header: BackupHeader;
  tables: number;
  rows: number;
  /** Subjects erased after the backup was taken: their keys stayed destroyed and they were erased again. */
  erasedSince: { tenantId: string; subjectId: string }[];
  millis: number;
}

/**
 * Takes a consistent backup of every table (one repeatable-read transaction of the schema owner),
 * sealed with the backup key (SEC-6). The master key that wraps the data keys is never in it.
 */
export async function createBackup(database: Database, key: BackupKey, now: Date): Promise<BackupMade> {
  const began = performance.now();
  const { tables, keys, migrations } = await database.asOperator(async (db) => {
    await repeatableRead(db);
    const shapes = await listTables(db);
    const tables: Record<string, Record<string, unknown>[]> = {};
    let keys: Record<string, unknown>[] = [];
    for (const shape of shapes) {
      const rows = await readTable(db, shape);
      if (shape.name === KEY_TABLE) keys = rows;
      else tables[shape.name] = rows;
    }
    return { tables, keys, migrations: await migrationCount(db) };
  });
  const file = sealBackup(
    { createdAt: now.toISOString(), source: database.kind, migrations },
    { tables, keys },
    key,
  );
  return { file, header: openBackup(file, key).header, millis: Math.round(performance.now() - began) };
}

/**
 * Replaces every table with the backup's rows, in one transaction (all or nothing). The erasure
 * ledger of the database being replaced wins over the backup: a data key destroyed since the
 * backup was taken stays destroyed, so that subject's sealed fields in the restored rows are noise;
 * then `eraseAgain` (the subject-request engine, in the caller's runtime) removes what the backup
 * brought back of each such subject, and they are named in `erasedSince` (decision 015). Legal
 * holds are kept the same way: the live holds (placed or released since) and the locks they put on
 * keys win over the backup's, so a restore can neither lift a hold nor bring one back.
 */
export async function restoreBackup(
  database: Database,
  file: Buffer,
  key: BackupKey,
  eraseAgain: (tenantId: string, subjectId: string) => Promise<unknown>,
): Promise<BackupRestored> {
  const began = performance.now();
  const { header, body } = openBackup(file, key);
  const restored = await database.asOperator(async (db) => {
    const migrations = await migrationCount(db);
    if (migrations !== header.migrations)
      throw new BackupFileError(
        `the backup is of schema version ${header.migrations}, this database is at ${migrations}: restore into a database at the same version`,
      );
    const shapes = await listTables(db);
    const expected = new Set([...Object.keys(body.tables), KEY_TABLE]);
    const missing = shapes.filter((s) => !expected.has(s.name)).map((s) => s.name);
    if (missing.length > 0)
      throw new BackupFileError(
        `the backup has no rows for ${missing.join(', ')}: it does not match this schema`,
      );

    const keyShape = shapes.find((s) => s.name === KEY_TABLE)!;
    const ledger = new Map((await destroyedKeys(db)).map((k) => [k.id, k.destroyedAt]));
    const liveKeys = await readTable(db, keyShape);
    const erasedSince: BackupRestored['erasedSince'] = [];
    const keys = body.keys.map((row) => {
      const destroyedAt = ledger.get(String(row.id));
      if (!destroyedAt || row.destroyed_at) return row;
      erasedSince.push({ tenantId: String(row.tenant_id), subjectId: String(row.subject_id) });
      return { ...row, subject_id: row.id, wrapped_key: null, destroyed_at: destroyedAt };
    });
    const inBackup = new Set(body.keys.map((row) => String(row.id)));
    // Keys created and destroyed after the backup: their rows stay as proof of the erasure.
    for (const row of liveKeys) if (row.destroyed_at && !inBackup.has(String(row.id))) keys.push(row);
    // Legal holds are a ledger too (RT-5): the live database's holds, placed or released since the
    // backup, win over the backup's, and so does the lock state of every key a hold concerns.
    const liveById = new Map(liveKeys.map((row) => [String(row.id), row]));
    for (const [i, row] of keys.entries()) {
      const live = liveById.get(String(row.id));
      if (!live || live.destroyed_at || row.destroyed_at) continue;
      if (live.lock_reason === 'legal_hold' || row.lock_reason === 'legal_hold')
        keys[i] = {
          ...row,
          wrapped_key: live.wrapped_key,
          locked_key: live.locked_key,
          locked_at: live.locked_at,
          lock_reason: live.lock_reason,
        };
    }
    const holdShape = shapes.find((s) => s.name === HOLD_TABLE);
    const holds = holdShape ? await readTable(db, holdShape) : [];
    const liveHoldIds = new Set(holds.map((h) => String(h.id)));
    const holdRows = [
      ...(body.tables[HOLD_TABLE] ?? []).filter((h) => !liveHoldIds.has(String(h.id))),
      ...holds,
    ];

    await emptyTables(db, shapes);
    let rows = 0;
    for (const shape of shapes) {
      const data =
        shape.name === KEY_TABLE ? keys : shape.name === HOLD_TABLE ? holdRows : body.tables[shape.name]!;
      await writeTable(db, shape, data);
      rows += data.length;
    }
    await enableTriggers(db, shapes);
    return { header, tables: shapes.length, rows, erasedSince };
  });
  // After the commit, through the modules' own erase handlers (each its own transaction).
  for (const { tenantId, subjectId } of restored.erasedSince) await eraseAgain(tenantId, subjectId);
  return { ...restored, millis: Math.round(performance.now() - began) };
}
