import { asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { policyVersion } from './policy-version.schema.ts';

export type KeptPolicyVersionRow = typeof policyVersion.$inferSelect;

/** All SQL of the kept privacy-page versions (insert and read only: the table is append-only). */
export const policyVersionRepository = {
  /** Keeps a version's document unless one is kept already (a version, once kept, never changes). */
  async keep(db: Db, row: Omit<KeptPolicyVersionRow, 'tenantId'>): Promise<boolean> {
    const inserted = await db
      .insert(policyVersion)
      .values(row)
      .onConflictDoNothing()
      .returning({ version: policyVersion.version });
    return inserted.length > 0;
  },
  async find(db: Db, version: string): Promise<KeptPolicyVersionRow | undefined> {
    const [row] = await db.select().from(policyVersion).where(eq(policyVersion.version, version));
    return row;
  },
  async list(db: Db): Promise<Omit<KeptPolicyVersionRow, 'document'>[]> {
    return db
      .select({
        tenantId: policyVersion.tenantId,
        version: policyVersion.version,
        effectiveOn: policyVersion.effectiveOn,
        fingerprint: policyVersion.fingerprint,
        keptAt: policyVersion.keptAt,
      })
      .from(policyVersion)
      .orderBy(asc(policyVersion.effectiveOn));
  },
};
