import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { subjectKey, tenantKey } from './vault.schema.ts';

// Every order seals under a subject key: these three run on each checkout (#db/statement.ts).
const liveKey = statement<{ id: string; wrappedKey: string | null }>(
  `select id, wrapped_key as "wrappedKey" from privacy.subject_key
   where subject_id = $1 and destroyed_at is null limit 1`,
);
const keyById = statement<{ wrappedKey: string | null; subjectId: string }>(
  `select wrapped_key as "wrappedKey", subject_id as "subjectId" from privacy.subject_key where id = $1`,
);
const insertKey = statement(
  `insert into privacy.subject_key (id, subject_id, wrapped_key, created_at) values ($1, $2, $3, $4)`,
);

/** All SQL of the vault. */
export const vaultRepository = {
  async liveKeyOf(db: Db, subjectId: string): Promise<{ id: string; wrappedKey: string } | undefined> {
    const row = await liveKey.one(db, [subjectId]);
    return row?.wrappedKey ? { id: row.id, wrappedKey: row.wrappedKey } : undefined;
  },
  async keysOf(db: Db, subjectId: string): Promise<{ createdAt: Date; destroyedAt: Date | null }[]> {
    return db
      .select({ createdAt: subjectKey.createdAt, destroyedAt: subjectKey.destroyedAt })
      .from(subjectKey)
      .where(eq(subjectKey.subjectId, subjectId));
  },
  async keyById(db: Db, id: string): Promise<{ wrappedKey: string | null; subjectId: string } | undefined> {
    return keyById.one(db, [id]);
  },
  async insertKey(
    db: Db,
    row: { id: string; subjectId: string; wrappedKey: string; createdAt: Date },
  ): Promise<void> {
    await insertKey.later(db, [row.id, row.subjectId, row.wrappedKey, row.createdAt]);
  },
  /** Destroys every key of a subject: the wrapped key is overwritten with NULL, the row kept as proof. */
  /**
   * Destroys a subject's keys: the wrapped key goes, and the row stops naming the subject (its
   * `subject_id` becomes the key's own id), so the proof that remains links to nobody.
   */
  async destroyKeys(db: Db, subjectId: string, at: Date): Promise<number> {
    const rows = await db
      .update(subjectKey)
      .set({
        wrappedKey: null,
        lockedKey: null,
        lockReason: null,
        destroyedAt: at,
        subjectId: sql`${subjectKey.id}`,
      })
      .where(and(eq(subjectKey.subjectId, subjectId), isNull(subjectKey.destroyedAt)))
      .returning({ id: subjectKey.id });
    return rows.length;
  },
  /** A subject's keys that are not destroyed: live (wrapped) or already locked. */
  async keysToLock(
    db: Db,
    subjectId: string,
  ): Promise<{ id: string; wrappedKey: string | null; lockReason: string | null }[]> {
    return db
      .select({ id: subjectKey.id, wrappedKey: subjectKey.wrappedKey, lockReason: subjectKey.lockReason })
      .from(subjectKey)
      .where(and(eq(subjectKey.subjectId, subjectId), isNull(subjectKey.destroyedAt)));
  },
  async lockKey(db: Db, id: string, lockedKey: string, reason: string, at: Date): Promise<void> {
    await db
      .update(subjectKey)
      .set({ wrappedKey: null, lockedKey, lockReason: reason, lockedAt: at })
      .where(eq(subjectKey.id, id));
  },
  async raiseLock(db: Db, id: string, reason: string): Promise<void> {
    await db.update(subjectKey).set({ lockReason: reason }).where(eq(subjectKey.id, id));
  },
  async unlockKey(db: Db, id: string, wrappedKey: string): Promise<void> {
    await db
      .update(subjectKey)
      .set({ wrappedKey, lockedKey: null, lockReason: null, lockedAt: null })
      .where(eq(subjectKey.id, id));
  },
  async lockedKeysOf(
    db: Db,
    subjectId: string,
  ): Promise<{ id: string; lockedKey: string; lockReason: string }[]> {
    const rows = await db
      .select({ id: subjectKey.id, lockedKey: subjectKey.lockedKey, lockReason: subjectKey.lockReason })
      .from(subjectKey)
      .where(
        and(
          eq(subjectKey.subjectId, subjectId),
          isNull(subjectKey.destroyedAt),
          isNotNull(subjectKey.lockedKey),
        ),
      );
    return rows.filter(
      (r): r is { id: string; lockedKey: string; lockReason: string } => r.lockedKey !== null,
    );
  },
  async allLiveKeys(db: Db): Promise<{ id: string; wrappedKey: string }[]> {
    const rows = await db
      .select({ id: subjectKey.id, wrappedKey: subjectKey.wrappedKey })
      .from(subjectKey)
      .where(isNull(subjectKey.destroyedAt));
    return rows.filter((r): r is { id: string; wrappedKey: string } => r.wrappedKey !== null);
  },
  async rewrapKey(db: Db, id: string, wrappedKey: string): Promise<void> {
    await db.update(subjectKey).set({ wrappedKey }).where(eq(subjectKey.id, id));
  },
  async tenantKey(db: Db, purpose: string): Promise<string | undefined> {
    const [row] = await db
      .select({ wrappedKey: tenantKey.wrappedKey })
      .from(tenantKey)
      .where(eq(tenantKey.purpose, purpose));
    return row?.wrappedKey;
  },
  /** Inserts a tenant key unless a concurrent request already did; returns the stored one. */
  async insertTenantKey(db: Db, purpose: string, wrappedKey: string, at: Date): Promise<string> {
    await db.insert(tenantKey).values({ purpose, wrappedKey, createdAt: at }).onConflictDoNothing();
    return (await this.tenantKey(db, purpose))!;
  },
  async allTenantKeys(db: Db): Promise<{ purpose: string; wrappedKey: string }[]> {
    return db.select({ purpose: tenantKey.purpose, wrappedKey: tenantKey.wrappedKey }).from(tenantKey);
  },
  async rewrapTenantKey(db: Db, purpose: string, wrappedKey: string): Promise<void> {
    await db
      .update(tenantKey)
      .set({ wrappedKey })
      .where(sql`${tenantKey.purpose} = ${purpose}`);
  },
};
