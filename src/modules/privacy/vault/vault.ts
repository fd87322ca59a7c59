import { randomBytes } from 'node:crypto';
import type { TenantCtx } from '#modules/tenants';
import { newId } from '#platform/ids.ts';
import { gcmOpen, gcmSeal, hmac } from './cipher.ts';
import type { MasterKeyring } from './master-keyring.ts';
import { vaultRepository } from './vault.repository.ts';

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
  return /^v1\.[a-z]+_[0-9a-z]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}

function dataAad(ctx: TenantCtx, field: FieldRef): string {
  return `${ctx.tenant.id}|${field.table}|${field.column}|${field.rowId}`;
}

/**
 * Field-level envelope encryption (SEC-1): AES-256-GCM under a per-subject data key, which is
 * stored only wrapped by the master key. Destroying a subject's key shreds all of its data.
 */
export class Vault {
  constructor(private keyring: MasterKeyring) {}

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
    const existing = await vaultRepository.liveKeyOf(ctx.db, subjectId);
    if (existing)
      return { id: existing.id, key: this.unwrap(ctx, existing.wrappedKey, `subject_key|${existing.id}`) };
    const id = newId('dk', ctx.now());
    const key = randomBytes(32);
    await vaultRepository.insertKey(ctx.db, {
      id,
      subjectId,
      wrappedKey: this.wrap(ctx, key, `subject_key|${id}`),
      createdAt: ctx.now(),
    });
    return { id, key };
  }

  /** Encrypts a personal value for a subject, bound to where it will be stored. */
  async seal(ctx: TenantCtx, subjectId: string, field: FieldRef, plaintext: string): Promise<string> {
    const { id, key } = await this.subjectKey(ctx, subjectId);
    return `${VERSION}.${id}.${gcmSeal(key, Buffer.from(plaintext, 'utf8'), dataAad(ctx, field))}`;
  }

  /**
   * Decrypts a sealed value read from `field`. Returns null when the subject's key was destroyed
   * (the value is shredded); throws when the value was tampered with or moved from another field.
   */
  async open(ctx: TenantCtx, sealed: string, field: FieldRef): Promise<string | null> {
    const [version, keyId, nonce, body] = sealed.split('.');
    if (version !== VERSION || !keyId || !nonce || !body)
      throw new Error(`not a sealed value (field ${field.table}.${field.column})`);
    const row = await vaultRepository.keyById(ctx.db, keyId);
    if (!row?.wrappedKey) return null;
    const key = this.unwrap(ctx, row.wrappedKey, `subject_key|${keyId}`);
    return gcmOpen(key, `${nonce}.${body}`, dataAad(ctx, field)).toString('utf8');
  }

  /**
   * Seals several columns of one row for one subject, reading the subject's key once. Null and
   * undefined values stay null (an optional field left empty).
   */
  async sealRow<K extends string>(
    ctx: TenantCtx,
    subjectId: string,
    table: string,
    rowId: string,
    values: Record<K, string | null | undefined>,
  ): Promise<Record<K, string | null>> {
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

  /**
   * Opens several sealed columns of one row (column name → stored value), unwrapping each data key
   * once. Shredded values come back null, like `open`.
   */
  async openRow<K extends string>(
    ctx: TenantCtx,
    table: string,
    rowId: string,
    values: Record<K, string | null>,
  ): Promise<Record<K, string | null>> {
    const keys = new Map<string, Buffer | null>();
    const out = {} as Record<K, string | null>;
    for (const column of Object.keys(values) as K[]) {
      const sealed = values[column];
      if (sealed === null) {
        out[column] = null;
        continue;
      }
      const [version, keyId, nonce, body] = sealed.split('.');
      if (version !== VERSION || !keyId || !nonce || !body)
        throw new Error(`not a sealed value (field ${table}.${column})`);
      if (!keys.has(keyId)) {
        const row = await vaultRepository.keyById(ctx.db, keyId);
        keys.set(keyId, row?.wrappedKey ? this.unwrap(ctx, row.wrappedKey, `subject_key|${keyId}`) : null);
      }
      const key = keys.get(keyId);
      out[column] = key
        ? gcmOpen(key, `${nonce}.${body}`, dataAad(ctx, { table, column, rowId })).toString('utf8')
        : null;
    }
    return out;
  }

  /** Keyed hash of a value for equality lookups (e.g. e-mail); differs per tenant and per column. */
  async blindIndex(
    ctx: TenantCtx,
    column: string,
    value: string,
    normalise: BlindIndexNormalisation = 'exact',
  ): Promise<string> {
    let wrapped = await vaultRepository.tenantKey(ctx.db, 'blind_index');
    if (!wrapped) {
      wrapped = await vaultRepository.insertTenantKey(
        ctx.db,
        'blind_index',
        this.wrap(ctx, randomBytes(32), 'tenant_key|blind_index'),
        ctx.now(),
      );
    }
    const key = this.unwrap(ctx, wrapped, 'tenant_key|blind_index');
    const normalised = normalise === 'email' ? value.normalize('NFKC').trim().toLowerCase() : value;
    return hmac(key, `${column}|${normalised}`);
  }

  /** Crypto-shreds a subject: destroys its data keys. Returns how many keys were destroyed. */
  async shredSubject(ctx: TenantCtx, subjectId: string): Promise<number> {
    return vaultRepository.destroyKeys(ctx.db, subjectId, ctx.now());
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
