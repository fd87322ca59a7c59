import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { Ctx } from '../../src/platform/ctx.ts';
import {
  generateKeyring,
  isSealedValue,
  loadMasterKeyring,
  readPersonal,
  Vault,
  type MasterKeyring,
} from '../../src/modules/privacy/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let keyring: MasterKeyring;
let vault: Vault;
const EMAIL = { table: 'accounts.customer', column: 'email' } as const;

/** Seals one value of a declared column for a subject. */
const seal = (
  ctx: Ctx,
  v: Vault,
  subjectId: string,
  where: { table: string; column: string; rowId: string },
  value: string,
) =>
  v.seal(ctx, subjectId, where.table, where.rowId, { [where.column]: value }).then((r) => r[where.column]!);

/** Opens it again through the read path, as the subject themself, with vault `v`. */
const open = async (
  ctx: Ctx,
  v: Vault,
  subjectId: string,
  where: { table: string; column: string; rowId: string },
  sealed: string,
) =>
  (
    await readPersonal(
      { ...ctx, vault: v, actor: { kind: 'member', customerId: subjectId } },
      { table: where.table, rowId: where.rowId, subjectId, values: { [where.column]: sealed } },
      'login',
    )
  )[where.column];

beforeAll(async () => {
  app = await createTestApp();
  keyring = generateKeyring('mk1');
  vault = new Vault(keyring, app.inventory);
});
afterAll(() => app.close());

describe(`SEC-1: field encryption with per-subject envelope keys (${ENGINE})`, () => {
  it('SEC-1: a sealed value reads back, and its stored form holds no plaintext', async () => {
    const at = { ...EMAIL, rowId: 'cus_1' };
    const sealed = await app.inStore('skincare', (ctx) =>
      seal(ctx, vault, 'cus_1', at, 'jane.doe@example.com'),
    );
    expect(isSealedValue(sealed)).toBe(true);
    expect(sealed).not.toContain('jane');
    expect(Buffer.from(sealed.split('.')[3]!, 'base64url').toString('latin1')).not.toContain('jane');
    expect(await app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_1', at, sealed))).toBe(
      'jane.doe@example.com',
    );
  });

  it('SEC-1: the same value sealed twice differs (random nonce), and one subject has one key', async () => {
    const at = { ...EMAIL, rowId: 'cus_2' };
    const [a, b] = await app.inStore('skincare', async (ctx) => [
      await seal(ctx, vault, 'cus_2', at, 'same'),
      await seal(ctx, vault, 'cus_2', at, 'same'),
    ]);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).toBe(b.split('.')[1]);
  });

  it('SEC-1: a ciphertext moved to another row, column or tenant does not open', async () => {
    const at = { ...EMAIL, rowId: 'cus_3' };
    const sealed = await app.inStore('skincare', (ctx) => seal(ctx, vault, 'cus_3', at, 'moved@example.com'));
    await expect(
      app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_3', { ...at, rowId: 'cus_4' }, sealed)),
    ).rejects.toThrow();
    await expect(
      app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_3', { ...at, column: 'nickname' }, sealed)),
    ).rejects.toThrow();
    // In another tenant the key row is invisible (RLS), so the value is unreadable there.
    expect(await app.inStore('rugs', (ctx) => open(ctx, vault, 'cus_3', at, sealed))).toBeNull();
  });

  it('SEC-1: a tampered ciphertext is rejected', async () => {
    const at = { ...EMAIL, rowId: 'cus_5' };
    const sealed = await app.inStore('skincare', (ctx) =>
      seal(ctx, vault, 'cus_5', at, 'tamper@example.com'),
    );
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    await expect(app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_5', at, tampered))).rejects.toThrow();
  });

  it('SEC-1: data keys are stored only wrapped; the master key never reaches the database', async () => {
    const keys = await app.inStore('skincare', (ctx) =>
      queryRows<{ wrapped_key: string }>(
        ctx.db,
        sql`select wrapped_key from privacy.subject_key where subject_id like 'cus\\_%'`,
      ),
    );
    expect(keys.length).toBeGreaterThan(0);
    const master = keyring.keys.get('mk1')!.toString('base64');
    for (const k of keys) {
      expect(k.wrapped_key.startsWith('mk1.')).toBe(true);
      expect(k.wrapped_key).not.toContain(master);
    }
  });

  it('SEC-1, SEC-6: destroying a subject key shreds every value of that subject, and only that subject', async () => {
    const mineAt = { ...EMAIL, rowId: 'cus_shred' };
    const otherAt = { ...EMAIL, rowId: 'cus_keep' };
    const [mine, other] = await app.inStore('skincare', async (ctx) => [
      await seal(ctx, vault, 'cus_shred', mineAt, 'gone@example.com'),
      await seal(ctx, vault, 'cus_keep', otherAt, 'kept@example.com'),
    ]);
    const address = { table: 'orders.shipping_address', column: 'street_line1', rowId: 'ord_1' };
    const street = await app.inStore('skincare', (ctx) =>
      seal(ctx, vault, 'cus_shred', address, '1 Main Street'),
    );
    expect(await app.inStore('skincare', (ctx) => vault.shredSubject(ctx, 'cus_shred'))).toBe(1);
    expect(await app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_shred', mineAt, mine))).toBeNull();
    expect(await app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_shred', address, street))).toBeNull();
    expect(await app.inStore('skincare', (ctx) => open(ctx, vault, 'cus_keep', otherAt, other))).toBe(
      'kept@example.com',
    );
    // The key's row stays as proof (a restore destroys the same key again), naming nobody (DR-4).
    const keyId = mine.split('.')[1]!;
    const [row] = await app.inStore('skincare', (ctx) =>
      queryRows<{ wrapped_key: string | null; destroyed: boolean; names_subject: boolean }>(
        ctx.db,
        sql`select wrapped_key, destroyed_at is not null as destroyed, subject_id = 'cus_shred' as names_subject
            from privacy.subject_key where id = ${keyId}`,
      ),
    );
    expect(row).toEqual({ wrapped_key: null, destroyed: true, names_subject: false });
    // A new value for the same subject gets a fresh key, unrelated to the destroyed one.
    const again = await app.inStore('skincare', (ctx) =>
      seal(ctx, vault, 'cus_shred', mineAt, 'new@example.com'),
    );
    expect(again.split('.')[1]).not.toBe(mine.split('.')[1]);
  });

  it('SEC-1: keys remembered within a transaction never outlive a shredding, nor the transaction', async () => {
    const field = { table: 'orders.order', column: 'contact_email', rowId: 'ord_memo' };
    // One transaction: seal, open (the key is now remembered), shred, open again.
    const inOne = await app.inStore('skincare', async (ctx) => {
      await vault.newSubject(ctx, 'gst_memo');
      const sealed = await seal(ctx, vault, 'gst_memo', field, 'memo@example.com');
      const before = await open(ctx, vault, 'gst_memo', field, sealed);
      await vault.shredSubject(ctx, 'gst_memo');
      return { sealed, before, after: await open(ctx, vault, 'gst_memo', field, sealed) };
    });
    expect(inOne.before).toBe('memo@example.com');
    expect(inOne.after).toBeNull();
    // Across transactions: read in one, shredded in another, the next one sees the shredding.
    const sealed = await app.inStore('skincare', async (ctx) => {
      await vault.newSubject(ctx, 'gst_memo2');
      return seal(ctx, vault, 'gst_memo2', field, 'memo2@example.com');
    });
    expect(await app.inStore('skincare', (ctx) => open(ctx, vault, 'gst_memo2', field, sealed))).toBe(
      'memo2@example.com',
    );
    await app.inStore('skincare', (ctx) => vault.shredSubject(ctx, 'gst_memo2'));
    expect(await app.inStore('skincare', (ctx) => open(ctx, vault, 'gst_memo2', field, sealed))).toBeNull();
    // A key created in a transaction that rolls back is not remembered either.
    await expect(
      app.inStore('skincare', async (ctx) => {
        await vault.newSubject(ctx, 'gst_memo3');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const rows = await app.inStore('skincare', (ctx) =>
      queryRows(ctx.db, sql`select id from privacy.subject_key where subject_id = 'gst_memo3'`),
    );
    expect(rows).toEqual([]);
  });

  it('SEC-1: rotating the master key re-wraps keys only; old ciphertexts still open, old master no longer needed', async () => {
    const at = { ...EMAIL, rowId: 'cus_rot' };
    const sealed = await app.inStore('fragrance', (ctx) =>
      seal(ctx, vault, 'cus_rot', at, 'rotate@example.com'),
    );
    const index = await app.inStore('fragrance', (ctx) =>
      vault.blindIndex(ctx, 'accounts.customer.email_index', 'rotate@example.com', 'email'),
    );
    const next = generateKeyring('mk2');
    const both: MasterKeyring = { currentId: 'mk2', keys: new Map([...keyring.keys, ...next.keys]) };
    const rotated = await app.inStore('fragrance', (ctx) =>
      new Vault(both, app.inventory).rewrapTenantKeys(ctx),
    );
    expect(rotated).toBeGreaterThanOrEqual(2); // the subject key and the blind-index key
    const onlyNew = new Vault(next, app.inventory);
    expect(await app.inStore('fragrance', (ctx) => open(ctx, onlyNew, 'cus_rot', at, sealed))).toBe(
      'rotate@example.com',
    );
    expect(
      await app.inStore('fragrance', (ctx) =>
        onlyNew.blindIndex(ctx, 'accounts.customer.email_index', 'rotate@example.com', 'email'),
      ),
    ).toBe(index);
    await expect(
      app.inStore('fragrance', (ctx) => open(ctx, new Vault(keyring, app.inventory), 'cus_rot', at, sealed)),
    ).rejects.toThrow("master key 'mk2' is not in the keyring");
  });

  it('SEC-1: blind indexes match normalised e-mails, differ per tenant and per column', async () => {
    const index = (store: string, column: string, value: string) =>
      app.inStore(store, (ctx) => vault.blindIndex(ctx, column, value, 'email'));
    const a = await index('skincare', 'accounts.customer.email_index', ' Jane.Doe@Example.com ');
    const b = await index('skincare', 'accounts.customer.email_index', 'jane.doe@example.com');
    const otherTenant = await index('rugs', 'accounts.customer.email_index', 'jane.doe@example.com');
    const otherColumn = await index('skincare', 'orders.order.contact_email_index', 'jane.doe@example.com');
    expect(a).toBe(b);
    expect(a).not.toContain('jane');
    expect(otherTenant).not.toBe(a);
    expect(otherColumn).not.toBe(a);
  });
});

describe('SEC-1: the master key lives outside the database', () => {
  it('SEC-1: without PLEDGE_MASTER_KEY a key file is generated with mode 0600, and reused', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pledge-key-')), 'master.key');
    const warned: string[] = [];
    const first = loadMasterKeyring({}, file, (f) => warned.push(f));
    expect(warned).toEqual([file]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadMasterKeyring({}, file, (f) => warned.push(f));
    expect(warned).toHaveLength(1);
    expect(second.keys.get(second.currentId)).toEqual(first.keys.get(first.currentId));
  });

  it('SEC-1: PLEDGE_MASTER_KEY must be 32 bytes; previous keys stay readable', () => {
    expect(() =>
      loadMasterKeyring({ PLEDGE_MASTER_KEY: Buffer.alloc(16).toString('base64') }, '/nonexistent'),
    ).toThrow('must be 32 bytes');
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const ring = loadMasterKeyring(
      { PLEDGE_MASTER_KEY: k2, PLEDGE_MASTER_KEY_ID: 'mk2', PLEDGE_MASTER_KEYS_PREVIOUS: `mk1:${k1}` },
      '/nonexistent',
    );
    expect(ring.currentId).toBe('mk2');
    expect([...ring.keys.keys()].sort()).toEqual(['mk1', 'mk2']);
  });
});
