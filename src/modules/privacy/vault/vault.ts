import { hkdfSync, randomBytes } from 'node:crypto';
import type { Ctx } from '#platform/ctx.ts';
import { isTransaction, type Db } from '#db/client.ts';
import { newId } from '#platform/ids.ts';
import { AppError } from '#platform/errors.ts';
import { gcmOpen, gcmSeal, hmac } from './cipher.ts';
import type { MasterKeyring } from './master-keyring.ts';
import { vaultRepository } from './vault.repository.ts';
import type { Inventory } from '../inventory/inventory.ts';

/**
 * The vault's decrypting method. Not exported from the privacy module: personal data is opened
 * only by `readPersonal`, which checks the actor against the inventory and writes the audit.
 */
export const OPEN_ROW = Symbol('pledge.vault.openRow');

/** The vault's method that opens a locked subject for one transaction (legal-hold access). */
export const OPEN_LOCKED = Symbol('pledge.vault.openLocked');

/** Why a subject's key is locked: an inactive account (RT-4) or a legal hold (RT-5). */
export type LockReason = 'inactive' | 'legal_hold';

type TenantCtx = Pick<Ctx, 'db' | 'tenant' | 'now'>;

/** One decryption as the vault's observers hear of it: where, for whom, by whom — no value. */
export interface VaultOpen {
  requestId: string | undefined;
  actor: Ctx['actor'] | undefined;
  table: string;
  rowId: string;
  columns: string[];
}

/** Where a sealed value lives; bound into its ciphertext so it cannot be moved to another row or column. */
export interface FieldRef {
  table: string;
  column: string;
  rowId: string;
}

/** How a value is normalised before its blind index is computed. */
export type BlindIndexNormalisation = 'email' | 'exact';

const VERSION = 'v1';

/** Tells whether a stored value has the vault's ciphertext format (used by the inventory check). */
export function isSealedValue(value: string): boolean {
  return (
    /^v1\.[a-z]+_[0-9a-z]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value) ||
    /^p1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)
  );
}

/**
 * The vault's method that opens a platform-sealed secret (a staff user's TOTP secret, to check a
 * code). Not exported from the privacy module's index except through `openStaffSecret`.
 */
export const OPEN_PLATFORM = Symbol('pledge.vault.openPlatform');

const PLATFORM_VERSION = 'p1';

function dataAad(ctx: TenantCtx, field: FieldRef): string {
  return `${ctx.tenant.id}|${field.table}|${field.column}|${field.rowId}`;
}

/**
 * Field-level envelope encryption (SEC-1): AES-256-GCM under a per-subject data key, which is
 * stored only wrapped by the master key. Destroying a subject's key shreds all of its data.
 */
const HELD = Symbol('pledge.vault.held');

/** A subject's data key carried from one transaction of a request to the next (`Vault.carryKey`). */
export class CarriedKey {
  readonly [HELD]: { tenantId: string; subjectId: string; key: { id: string; key: Buffer } };
  constructor(tenantId: string, subjectId: string, key: { id: string; key: Buffer }) {
    this[HELD] = { tenantId, subjectId, key };
  }
  /** Never serialised: the key stays in memory. */
  toJSON(): string {
    return '[carried key]';
  }
}

export class Vault {
  /** Who is told of every decryption (the audit-completeness check; never given values). */
  private readonly openObservers: ((open: VaultOpen) => void)[] = [];

  /**
   * Registers `observer` to hear of every row the vault opens — which table, row and columns, for
   * which request and actor, never a value — so a check can prove each open was audited.
   */
  observeOpens(observer: (open: VaultOpen) => void): () => void {
    this.openObservers.push(observer);
    return () => this.openObservers.splice(this.openObservers.indexOf(observer), 1);
  }

  /**
   * @param keyring the master keys
   * @param inventory the data inventory: only declared columns can be sealed or indexed
   */
  constructor(
    private keyring: MasterKeyring,
    readonly inventory: Inventory,
  ) {}

  /** Throws unless `key` (`schema.table.column`) is declared with this storage. */
  private assertDeclared(key: string, storage: 'sealed' | 'blind_index'): string | undefined {
    const field = this.inventory.field(key);
    if (!field)
      throw new Error(`'${key}' is not declared in the data inventory (PV-1): declare it before storing it`);
    if (field.storage !== storage)
      throw new Error(`'${key}' is declared with storage '${field.storage}', not '${storage}'`);
    return field.indexLabel;
  }

  // Keys already unwrapped in a transaction (by subject, and by key id). A checkout seals the
  // order, the address and the confirmation e-mail for one subject; without this each would read
  // and unwrap the same key again. Kept per transaction object, so it ends with the transaction
  // and a shredding in another transaction is never masked.
  private inTransaction = new WeakMap<
    Db,
    { bySubject: Map<string, { id: string; key: Buffer }>; byId: Map<string, Buffer | null> }
  >();
  // Unwrapped tenant keys (blind index), only ever filled from a row that was read, never from one
  // this process just inserted: an insert might still roll back.
  private tenantKeys = new Map<string, Buffer>();

  private memo(ctx: TenantCtx) {
    // Outside a transaction there is no end at which to forget: nothing is kept.
    if (!isTransaction(ctx.db)) return { bySubject: new Map(), byId: new Map() };
    let memo = this.inTransaction.get(ctx.db);
    if (!memo) this.inTransaction.set(ctx.db, (memo = { bySubject: new Map(), byId: new Map() }));
    return memo;
  }

  private wrap(ctx: TenantCtx, key: Buffer, label: string): string {
    const masterId = this.keyring.currentId;
    return `${masterId}.${gcmSeal(this.keyring.keys.get(masterId)!, key, `${ctx.tenant.id}|${label}`)}`;
  }

  private unwrap(ctx: TenantCtx, wrapped: string, label: string): Buffer {
    const dot = wrapped.indexOf('.');
    const masterId = wrapped.slice(0, dot);
    const master = this.keyring.keys.get(masterId);
    if (!master) throw new Error(`master key '${masterId}' is not in the keyring`);
    return gcmOpen(master, wrapped.slice(dot + 1), `${ctx.tenant.id}|${label}`);
  }

  /** The subject's live data key (id and unwrapped bytes), created on first use. */
  private async subjectKey(ctx: TenantCtx, subjectId: string): Promise<{ id: string; key: Buffer }> {
    const memo = this.memo(ctx);
    const known = memo.bySubject.get(subjectId);
    if (known) return known;
    const existing = await vaultRepository.liveKeyOf(ctx.db, subjectId);
    if (!existing) {
      // A locked subject keeps their one key: new data waits for the lock to be lifted.
      if (await this.lockOf(ctx, subjectId))
        throw new AppError(
          'conflict',
          "this person's data is locked; it cannot be changed until the lock is lifted",
        );
      return this.createKey(ctx, subjectId);
    }
    const found = {
      id: existing.id,
      key: this.unwrap(ctx, existing.wrappedKey, `subject_key|${existing.id}`),
    };
    memo.bySubject.set(subjectId, found);
    memo.byId.set(found.id, found.key);
    return found;
  }

  /**
   * The data key this transaction holds for a subject, to carry into the next transaction of the
   * same request (checkout seals the charge, after the payment call, under the key its first
   * transaction created): spares reading and unwrapping it again. Undefined when this transaction
   * has not used the subject's key. Only the vault can open what it returns.
   */
  carryKey(ctx: TenantCtx, subjectId: string): CarriedKey | undefined {
    const known = this.memo(ctx).bySubject.get(subjectId);
    return known ? new CarriedKey(ctx.tenant.id, subjectId, known) : undefined;
  }

  /**
   * Makes a carried key known to this transaction (see `carryKey`). Were the key destroyed in
   * between, what is sealed with it is as unreadable as the rest of the subject's data.
   */
  adoptKey(ctx: TenantCtx, carried: CarriedKey): void {
    const held = carried[HELD];
    if (held.tenantId !== ctx.tenant.id) throw new Error('a carried key belongs to another store');
    const memo = this.memo(ctx);
    memo.bySubject.set(held.subjectId, held.key);
    memo.byId.set(held.key.id, held.key.key);
  }

  /**
   * Creates the data key of a subject known to be new (a guest at checkout), without looking for
   * an existing one first.
   */
  async newSubject(ctx: TenantCtx, subjectId: string): Promise<void> {
    await this.createKey(ctx, subjectId);
  }

  private async createKey(ctx: TenantCtx, subjectId: string): Promise<{ id: string; key: Buffer }> {
    const id = newId('dk', ctx.now());
    const key = randomBytes(32);
    await vaultRepository.insertKey(ctx.db, {
      id,
      subjectId,
      wrappedKey: this.wrap(ctx, key, `subject_key|${id}`),
      createdAt: ctx.now(),
    });
    const memo = this.memo(ctx);
    memo.bySubject.set(subjectId, { id, key });
    memo.byId.set(id, key);
    return { id, key };
  }

  /** A data key by id, or null when it was destroyed (read once per transaction). */
  private async keyById(ctx: TenantCtx, keyId: string): Promise<Buffer | null> {
    const memo = this.memo(ctx);
    if (memo.byId.has(keyId)) return memo.byId.get(keyId)!;
    const row = await vaultRepository.keyById(ctx.db, keyId);
    const key = row?.wrappedKey ? this.unwrap(ctx, row.wrappedKey, `subject_key|${keyId}`) : null;
    memo.byId.set(keyId, key);
    // A live key is its subject's one live key: sealing for that subject later in this transaction
    // (a reply, a receipt) needs no second read.
    if (key && row && !memo.bySubject.has(row.subjectId))
      memo.bySubject.set(row.subjectId, { id: keyId, key });
    return key;
  }

  /**
   * Seals columns of one row for one subject (SEC-1), reading the subject's key once. Every column
   * must be declared `sealed` in the inventory, or this throws (an undeclared personal field can
   * never be stored). Null and undefined values stay null (an optional field left empty).
   */
  async seal<K extends string>(
    ctx: TenantCtx,
    subjectId: string,
    table: string,
    rowId: string,
    values: Record<K, string | null | undefined>,
  ): Promise<Record<K, string | null>> {
    for (const column of Object.keys(values)) this.assertDeclared(`${table}.${column}`, 'sealed');
    const { id, key } = await this.subjectKey(ctx, subjectId);
    const out = {} as Record<K, string | null>;
    for (const column of Object.keys(values) as K[]) {
      const value = values[column];
      out[column] =
        value === null || value === undefined
          ? null
          : `${VERSION}.${id}.${gcmSeal(key, Buffer.from(value, 'utf8'), dataAad(ctx, { table, column, rowId }))}`;
    }
    return out;
  }

  /** A key derived from a master key for platform-level data (not one store's). */
  private platformKey(masterId: string, purpose: 'data' | 'index'): Buffer {
    const master = this.keyring.keys.get(masterId);
    if (!master) throw new Error(`master key '${masterId}' is not in the keyring`);
    return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `pledge/platform/${purpose}`, 32));
  }

  /**
   * Seals values of platform tables — staff accounts, which belong to no single store — under a
   * key derived from the current master key (`p1.<master id>.<nonce>.<ciphertext>`), bound to
   * table, column and row. There is no per-subject key here: erasing a staff user nulls the values.
   */
  sealPlatform<K extends string>(
    table: string,
    rowId: string,
    values: Record<K, string | null | undefined>,
  ): Record<K, string | null> {
    for (const column of Object.keys(values)) this.assertDeclared(`${table}.${column}`, 'sealed');
    const masterId = this.keyring.currentId;
    const key = this.platformKey(masterId, 'data');
    const out = {} as Record<K, string | null>;
    for (const column of Object.keys(values) as K[]) {
      const value = values[column];
      out[column] =
        value === null || value === undefined
          ? null
          : `${PLATFORM_VERSION}.${masterId}.${gcmSeal(key, Buffer.from(value, 'utf8'), `platform|${table}|${column}|${rowId}`)}`;
    }
    return out;
  }

  /**
   * Opens a platform-sealed credential the system checks and nobody reads (a TOTP secret): only
   * for a field declared `technical`, sealed, and readable by no one.
   */
  openPlatformCredential(key: string, rowId: string, sealed: string): string {
    const field = this.inventory.field(key);
    if (!field || field.storage !== 'sealed' || field.category !== 'technical' || field.readableBy.length > 0)
      throw new Error(`'${key}' is not a sealed credential of the inventory`);
    const [schema, table, column] = key.split('.');
    return this[OPEN_PLATFORM](`${schema}.${table}`, column!, rowId, sealed);
  }

  /**
   * Opens a platform-sealed field for the person it is about (a staff user checking their new
   * password against their own name and e-mail): only when the field is readable by its subject
   * and the row is theirs.
   */
  openPlatformOwn(
    key: string,
    rowId: string,
    sealed: string | null,
    self: { subjectId: string },
  ): string | null {
    const field = this.inventory.field(key);
    if (!field || field.storage !== 'sealed' || !field.readableBy.includes('subject'))
      throw new Error(`'${key}' is not a sealed field its subject may read`);
    if (self.subjectId !== rowId) throw new Error('a platform field is opened only for its own subject');
    if (sealed === null) return null;
    const [schema, table, column] = key.split('.');
    return this[OPEN_PLATFORM](`${schema}.${table}`, column!, rowId, sealed);
  }

  /** Opens one platform-sealed value (see `sealPlatform`). */
  [OPEN_PLATFORM](table: string, column: string, rowId: string, sealed: string): string {
    const [version, masterId, nonce, body] = sealed.split('.');
    if (version !== PLATFORM_VERSION || !masterId || !nonce || !body)
      throw new Error(`not a platform-sealed value (field ${table}.${column})`);
    return gcmOpen(
      this.platformKey(masterId, 'data'),
      `${nonce}.${body}`,
      `platform|${table}|${column}|${rowId}`,
    ).toString('utf8');
  }

  /** A platform blind index (staff log-in by e-mail), under a key derived from the first master key. */
  platformBlindIndex(column: string, value: string): string {
    const label = this.assertDeclared(column, 'blind_index') ?? column;
    // The index key must not change when the master key rotates (rows would no longer be found):
    // it is derived from the oldest key of the keyring, which rotation keeps as a previous key.
    const first = [...this.keyring.keys.keys()].sort()[0]!;
    return hmac(this.platformKey(first, 'index'), `${label}|${value.normalize('NFKC').trim().toLowerCase()}`);
  }

  /**
   * Opens sealed columns of one row (column name → stored value), unwrapping each data key once.
   * Shredded values come back null. Reached only through `readPersonal` (see OPEN_ROW).
   */
  async [OPEN_ROW]<K extends string>(
    ctx: TenantCtx & Partial<Pick<Ctx, 'requestId' | 'actor'>>,
    table: string,
    rowId: string,
    values: Record<K, string | null>,
  ): Promise<Record<K, string | null>> {
    if (Object.keys(values).length > 0)
      for (const observer of this.openObservers)
        observer({ requestId: ctx.requestId, actor: ctx.actor, table, rowId, columns: Object.keys(values) });
    const out = {} as Record<K, string | null>;
    for (const column of Object.keys(values) as K[]) {
      const sealed = values[column];
      if (sealed === null) {
        out[column] = null;
        continue;
      }
      if (sealed.startsWith(`${PLATFORM_VERSION}.`)) {
        // A platform-sealed field (staff data): the same read path decides who sees it.
        out[column] = this[OPEN_PLATFORM](table, column, rowId, sealed);
        continue;
      }
      const [version, keyId, nonce, body] = sealed.split('.');
      if (version !== VERSION || !keyId || !nonce || !body)
        throw new Error(`not a sealed value (field ${table}.${column})`);
      const key = await this.keyById(ctx, keyId);
      out[column] = key
        ? gcmOpen(key, `${nonce}.${body}`, dataAad(ctx, { table, column, rowId })).toString('utf8')
        : null;
    }
    return out;
  }

  /**
   * Keyed hash of a value for equality lookups (e-mail), for the declared blind-index column
   * `column` (`schema.table.column`); differs per tenant and per column.
   */
  async blindIndex(
    ctx: TenantCtx,
    column: string,
    value: string,
    normalise: BlindIndexNormalisation = 'exact',
  ): Promise<string> {
    const label = this.assertDeclared(column, 'blind_index') ?? column;
    const key = await this.tenantKey(ctx, 'blind_index');
    const normalised = normalise === 'email' ? value.normalize('NFKC').trim().toLowerCase() : value;
    return hmac(key, `${label}|${normalised}`);
  }

  /** A tenant-wide key (e.g. for blind indexes), created on first use. */
  private async tenantKey(ctx: TenantCtx, purpose: string): Promise<Buffer> {
    const cacheKey = `${ctx.tenant.id}|${purpose}`;
    const cached = this.tenantKeys.get(cacheKey);
    if (cached) return cached;
    const label = `tenant_key|${purpose}`;
    const stored = await vaultRepository.tenantKey(ctx.db, purpose);
    if (stored) {
      const key = this.unwrap(ctx, stored, label);
      this.tenantKeys.set(cacheKey, key);
      return key;
    }
    const wrapped = await vaultRepository.insertTenantKey(
      ctx.db,
      purpose,
      this.wrap(ctx, randomBytes(32), label),
      ctx.now(),
    );
    return this.unwrap(ctx, wrapped, label);
  }

  /**
   * Locks a subject (RT-4, RT-5): their data key is re-wrapped under the lock key and the master-
   * wrapped copy removed, so nothing running with the master key alone opens their data. A key
   * already locked keeps its lock; a legal hold outranks an inactivity lock (the reason is raised,
   * never lowered). Returns how many keys were locked or raised.
   */
  async lockSubject(ctx: TenantCtx, subjectId: string, reason: LockReason): Promise<number> {
    const lock = this.lockKey();
    let count = 0;
    for (const row of await vaultRepository.keysToLock(ctx.db, subjectId)) {
      if (row.wrappedKey) {
        const key = this.unwrap(ctx, row.wrappedKey, `subject_key|${row.id}`);
        const lockedKey = `${lock.id}.${gcmSeal(lock.key, key, `${ctx.tenant.id}|locked_key|${row.id}`)}`;
        await vaultRepository.lockKey(ctx.db, row.id, lockedKey, reason, ctx.now());
        count++;
      } else if (row.lockReason !== reason && reason === 'legal_hold') {
        await vaultRepository.raiseLock(ctx.db, row.id, reason);
        count++;
      }
    }
    this.inTransaction.delete(ctx.db);
    return count;
  }

  /**
   * Lifts a subject's lock of `reason` (their log-in after inactivity; a released legal hold):
   * the key goes back under the master key. A legal hold is not lifted by a log-in. Returns how
   * many keys were unlocked.
   */
  async unlockSubject(ctx: TenantCtx, subjectId: string, reason: LockReason): Promise<number> {
    let count = 0;
    for (const row of await vaultRepository.lockedKeysOf(ctx.db, subjectId)) {
      if (row.lockReason !== reason) continue;
      const key = this.openLockedKey(ctx, row.id, row.lockedKey);
      await vaultRepository.unlockKey(ctx.db, row.id, this.wrap(ctx, key, `subject_key|${row.id}`));
      count++;
    }
    this.inTransaction.delete(ctx.db);
    return count;
  }

  /** Whether the subject's data is locked, and why (undefined when it is not). */
  async lockOf(ctx: TenantCtx, subjectId: string): Promise<LockReason | undefined> {
    const [row] = await vaultRepository.lockedKeysOf(ctx.db, subjectId);
    return row?.lockReason as LockReason | undefined;
  }

  /**
   * Makes a locked subject's key usable in this transaction only (compliance opening data under a
   * legal hold), without unlocking it in the database. Reached only through the privacy module's
   * own use case, which checks the role and writes the audit.
   */
  async [OPEN_LOCKED](ctx: TenantCtx, subjectId: string): Promise<boolean> {
    if (!isTransaction(ctx.db)) throw new Error('a locked key is opened only inside a transaction');
    const memo = this.memo(ctx);
    let opened = false;
    for (const row of await vaultRepository.lockedKeysOf(ctx.db, subjectId)) {
      const key = this.openLockedKey(ctx, row.id, row.lockedKey);
      memo.bySubject.set(subjectId, { id: row.id, key });
      memo.byId.set(row.id, key);
      opened = true;
    }
    return opened;
  }

  private lockKey(): { id: string; key: Buffer } {
    if (!this.keyring.lock)
      throw new Error('no lock key is configured (PLEDGE_LOCK_KEY or the lock.key file)');
    return this.keyring.lock;
  }

  private openLockedKey(ctx: TenantCtx, id: string, lockedKey: string): Buffer {
    const lock = this.lockKey();
    const dot = lockedKey.indexOf('.');
    if (lockedKey.slice(0, dot) !== lock.id)
      throw new Error(`the key is locked under lock key '${lockedKey.slice(0, dot)}', not '${lock.id}'`);
    return gcmOpen(lock.key, lockedKey.slice(dot + 1), `${ctx.tenant.id}|locked_key|${id}`);
  }

  /** Crypto-shreds a subject: destroys its data keys. Returns how many keys were destroyed. */
  async shredSubject(ctx: TenantCtx, subjectId: string): Promise<number> {
    const destroyed = await vaultRepository.destroyKeys(ctx.db, subjectId, ctx.now());
    // Keys read earlier in this transaction must not outlive the shredding.
    this.inTransaction.delete(ctx.db);
    return destroyed;
  }

  /**
   * Re-wraps every key of the tenant under the keyring's current master key. Data ciphertexts are
   * untouched: rotating the master key costs one small update per subject, not a re-encryption.
   */
  async rewrapTenantKeys(ctx: TenantCtx): Promise<number> {
    let count = 0;
    for (const { id, wrappedKey } of await vaultRepository.allLiveKeys(ctx.db)) {
      if (wrappedKey.startsWith(`${this.keyring.currentId}.`)) continue;
      const label = `subject_key|${id}`;
      await vaultRepository.rewrapKey(ctx.db, id, this.wrap(ctx, this.unwrap(ctx, wrappedKey, label), label));
      count++;
    }
    for (const { purpose, wrappedKey } of await vaultRepository.allTenantKeys(ctx.db)) {
      if (wrappedKey.startsWith(`${this.keyring.currentId}.`)) continue;
      const label = `tenant_key|${purpose}`;
      await vaultRepository.rewrapTenantKey(
        ctx.db,
        purpose,
        this.wrap(ctx, this.unwrap(ctx, wrappedKey, label), label),
      );
      count++;
    }
    return count;
  }
}
