import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** The first line of every backup file. */
const MAGIC = 'PLEDGE-BACKUP 1\n';

/** What a backup file says of itself in clear (authenticated with the contents; no personal data). */
export interface BackupHeader {
  format: 1;
  createdAt: string;
  /** Which database it was taken from (`pglite` or `postgres`); it restores into either. */
  source: string;
  /** Migrations applied when it was taken: it restores only into the same schema version. */
  migrations: number;
  /** Fingerprint of the backup key that sealed it (so the wrong key is named, not guessed at). */
  keyId: string;
  /** Rows per table and a SHA-256 of each table's rows, checked again after decryption. */
  tables: { name: string; rows: number; sha256: string }[];
}

/** The decrypted body: every table's rows, and the data-key table on its own (see decision 015). */
export interface BackupBody {
  tables: Record<string, Record<string, unknown>[]>;
  keys: Record<string, unknown>[];
}

/** The backup key: 32 bytes, never in the database and never in a backup file. */
export interface BackupKey {
  id: string;
  key: Buffer;
}

/** Why a backup file was refused (a clear message, nothing restored). */
export class BackupFileError extends Error {
  override readonly name = 'BackupFileError';
}

const fingerprint = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);
const digest = (rows: unknown) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

/**
 * The backup key from `PLEDGE_BACKUP_KEY` (base64, 32 bytes), or else from a key file beside the
 * master key (created on first use, mode 0600). It is a different key from the master key: whoever
 * holds the backups and this key still reads no personal data without the master key.
 */
export function loadBackupKey(env: NodeJS.ProcessEnv, keyFile: string): BackupKey {
  let encoded = env.PLEDGE_BACKUP_KEY;
  if (!encoded) {
    if (!existsSync(keyFile)) {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
      chmodSync(keyFile, 0o600);
    }
    encoded = readFileSync(keyFile, 'utf8').trim();
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new Error('the backup key must be 32 bytes, base64-encoded');
  return { id: fingerprint(key), key };
}

/** Seals a backup: a clear header, then AES-256-GCM over the gzipped body with the header as AAD. */
export function sealBackup(
  header: Omit<BackupHeader, 'format' | 'keyId' | 'tables'>,
  body: BackupBody,
  key: BackupKey,
): Buffer {
  const full: BackupHeader = {
    format: 1,
    ...header,
    keyId: key.id,
    tables: Object.entries(body.tables).map(([name, rows]) => ({
      name,
      rows: rows.length,
      sha256: digest(rows),
    })),
  };
  const head = Buffer.from(`${MAGIC}${JSON.stringify(full)}\n`, 'utf8');
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(head);
  const sealed = Buffer.concat([cipher.update(gzipSync(JSON.stringify(body))), cipher.final()]);
  return Buffer.concat([head, nonce, sealed, cipher.getAuthTag()]);
}

/** Reads only the clear header (for `backup inspect` and for the refusal messages). */
export function readHeader(file: Buffer): { header: BackupHeader; headLength: number } {
  if (file.subarray(0, MAGIC.length).toString('utf8') !== MAGIC)
    throw new BackupFileError('not a Pledge backup file (its first line is not "PLEDGE-BACKUP 1")');
  const end = file.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw new BackupFileError('the backup file is cut short (no header)');
  try {
    return {
      header: JSON.parse(file.subarray(MAGIC.length, end).toString('utf8')) as BackupHeader,
      headLength: end + 1,
    };
  } catch {
    throw new BackupFileError('the backup header is damaged');
  }
}

/**
 * Opens a backup: checks the key, the authentication tag (any changed byte, header included, is
 * refused) and each table's digest. Nothing is restored from a file that fails any of them.
 */
export function openBackup(file: Buffer, key: BackupKey): { header: BackupHeader; body: BackupBody } {
  const { header, headLength } = readHeader(file);
  if (header.keyId !== key.id)
    throw new BackupFileError(
      `the backup was sealed with key ${header.keyId}, not with this backup key (${key.id})`,
    );
  if (file.length < headLength + 12 + 16) throw new BackupFileError('the backup file is cut short');
  const nonce = file.subarray(headLength, headLength + 12);
  const tag = file.subarray(file.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key.key, nonce);
  decipher.setAAD(file.subarray(0, headLength));
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([
      decipher.update(file.subarray(headLength + 12, file.length - 16)),
      decipher.final(),
    ]);
  } catch {
    throw new BackupFileError('the backup file fails its integrity check (altered or cut short)');
  }
  const body = JSON.parse(gunzipSync(plain).toString('utf8')) as BackupBody;
  for (const t of header.tables) {
    const rows = body.tables[t.name];
    if (!rows || rows.length !== t.rows || digest(rows) !== t.sha256)
      throw new BackupFileError(`table ${t.name} does not match the backup's manifest`);
  }
  return { header, body };
}
