import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The key-encryption keys. `current` wraps new data keys; older ones stay to unwrap keys not yet
 * re-wrapped. Keys never enter the database.
 */
export interface MasterKeyring {
  currentId: string;
  keys: Map<string, Buffer>;
  /**
   * The lock key (RT-4, RT-5): wraps the data keys of locked subjects (inactive accounts, legal
   * holds) instead of the master key. Kept in its own variable or file, so it can be held apart
   * (another machine, an offline copy) from the master key the running shop uses every second.
   */
  lock?: { id: string; key: Buffer };
}

/**
 * The lock key from `PLEDGE_LOCK_KEY` (base64, 32 bytes; `PLEDGE_LOCK_KEY_ID` names it), or else
 * from `lockFile`, created (mode 0600) when missing.
 */
export function loadLockKey(env: NodeJS.ProcessEnv, lockFile: string): { id: string; key: Buffer } {
  if (env.PLEDGE_LOCK_KEY) {
    const id = env.PLEDGE_LOCK_KEY_ID ?? 'lk1';
    return { id, key: parseKey(id, env.PLEDGE_LOCK_KEY) };
  }
  if (!existsSync(lockFile)) {
    mkdirSync(path.dirname(lockFile), { recursive: true });
    writeFileSync(lockFile, JSON.stringify({ id: 'lk1', key: randomBytes(32).toString('base64') }), {
      mode: 0o600,
    });
    chmodSync(lockFile, 0o600);
  }
  const stored = JSON.parse(readFileSync(lockFile, 'utf8')) as { id: string; key: string };
  return { id: stored.id, key: parseKey(stored.id, stored.key) };
}

function parseKey(id: string, encoded: string): Buffer {
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new Error(`master key '${id}' must be 32 bytes, base64-encoded`);
  return key;
}

/**
 * Builds a keyring from `PLEDGE_MASTER_KEY` (base64, 32 bytes; `PLEDGE_MASTER_KEY_ID` names it;
 * `PLEDGE_MASTER_KEYS_PREVIOUS` = `id:base64,…` keeps older keys readable). Without it, a key file
 * outside the database is created (mode 0600) and `onGenerated` is told, so start-up can warn.
 */
export function loadMasterKeyring(
  env: NodeJS.ProcessEnv,
  keyFile: string,
  onGenerated?: (file: string) => void,
): MasterKeyring {
  const lock = loadLockKey(env, path.join(path.dirname(keyFile), 'lock.key'));
  const keys = new Map<string, Buffer>();
  for (const pair of (env.PLEDGE_MASTER_KEYS_PREVIOUS ?? '').split(',').filter(Boolean)) {
    const [id, encoded] = pair.split(':');
    if (!id || !encoded) throw new Error("PLEDGE_MASTER_KEYS_PREVIOUS entries look like 'id:base64key'");
    keys.set(id, parseKey(id, encoded));
  }
  if (env.PLEDGE_MASTER_KEY) {
    const id = env.PLEDGE_MASTER_KEY_ID ?? 'mk1';
    keys.set(id, parseKey(id, env.PLEDGE_MASTER_KEY));
    return { currentId: id, keys, lock };
  }
  if (!existsSync(keyFile)) {
    mkdirSync(path.dirname(keyFile), { recursive: true });
    writeFileSync(
      keyFile,
      JSON.stringify({ current: 'mk1', keys: { mk1: randomBytes(32).toString('base64') } }),
      { mode: 0o600 },
    );
    chmodSync(keyFile, 0o600);
    onGenerated?.(keyFile);
  }
  const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as {
    current: string;
    keys: Record<string, string>;
  };
  for (const [id, encoded] of Object.entries(stored.keys)) keys.set(id, parseKey(id, encoded));
  if (!keys.has(stored.current)) throw new Error(`key file ${keyFile} names a current key it does not hold`);
  return { currentId: stored.current, keys, lock };
}

/** A fresh random keyring (tests, and `pledge keys rotate` proposals). */
export function generateKeyring(id = 'mk1'): MasterKeyring {
  return { currentId: id, keys: new Map([[id, randomBytes(32)]]), lock: { id: 'lk1', key: randomBytes(32) } };
}
