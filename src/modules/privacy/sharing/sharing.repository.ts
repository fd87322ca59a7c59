import { and, desc, eq, sql } from 'drizzle-orm';
import { announce, type Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { PROCESSORS_CHANGED } from './processor-cache.ts';
import { disclosure, processor } from './sharing.schema.ts';

export type ProcessorRow = typeof processor.$inferSelect;
export type DisclosureRow = typeof disclosure.$inferSelect;

// Every checkout and every mail sent records a disclosure (#db/statement.ts).
const releasedDisclosure = statement(
  `insert into privacy.disclosure (id, processor_id, recipient, purpose, fields, outcome, reason, ref, actor, at)
   select $1, $2::text, $3, $4, $5::text[], 'released', null, $6, $7, $8
   where exists (select 1 from privacy.processor p where p.id = $2::text and p.state = 'active')`,
);

/** All SQL of the processor and disclosure registers (tenant-scoped transactions only). */
export const sharingRepository = {
  async activeProcessor(db: Db, kind: string): Promise<ProcessorRow | undefined> {
    const [row] = await db
      .select()
      .from(processor)
      .where(and(eq(processor.kind, kind), eq(processor.state, 'active')));
    return row;
  },
  async activeProcessors(db: Db): Promise<ProcessorRow[]> {
    return db.select().from(processor).where(eq(processor.state, 'active')).orderBy(processor.kind);
  },
  async processors(db: Db): Promise<ProcessorRow[]> {
    return db.select().from(processor).orderBy(desc(processor.registeredAt), processor.id);
  },
  async findProcessor(db: Db, id: string): Promise<ProcessorRow | undefined> {
    const [row] = await db.select().from(processor).where(eq(processor.id, id));
    return row;
  },
  async insertProcessor(db: Db, row: typeof processor.$inferInsert): Promise<void> {
    await db.insert(processor).values(row);
  },
  /** Ends an active processor; false when it was not active. */
  async terminate(db: Db, id: string, at: Date, reason: string): Promise<boolean> {
    const rows = await db
      .update(processor)
      .set({ state: 'terminated', terminatedAt: at, terminationReason: reason })
      .where(and(eq(processor.id, id), eq(processor.state, 'active')))
      .returning({ id: processor.id });
    return rows.length > 0;
  },
  async insertDisclosure(db: Db, row: typeof disclosure.$inferInsert): Promise<void> {
    await db.insert(disclosure).values(row);
  },
  /**
   * Writes a released disclosure only if its processor is still active, in one statement; false
   * when it was terminated meanwhile (nothing written).
   */
  async insertReleasedDisclosure(
    db: Db,
    row: Omit<typeof disclosure.$inferInsert, 'outcome' | 'reason'> & { processorId: string; at: Date },
  ): Promise<boolean> {
    const written = await releasedDisclosure.run(db, [
      row.id,
      row.processorId,
      row.recipient,
      row.purpose,
      row.fields,
      row.ref ?? null,
      row.actor,
      row.at,
    ]);
    return written > 0;
  },
  /** Announces (at commit) that this store's processor register changed; see PROCESSORS_CHANGED. */
  async announceChange(db: Db, tenantId: string): Promise<void> {
    await announce(db, PROCESSORS_CHANGED, tenantId);
  },
  /** Disclosures, newest first, optionally of one outcome or for one reference. */
  async disclosures(
    db: Db,
    filter: { outcome?: string | undefined; ref?: string | undefined; limit: number },
  ): Promise<DisclosureRow[]> {
    const conditions = [sql`true`];
    if (filter.outcome) conditions.push(eq(disclosure.outcome, filter.outcome));
    if (filter.ref) conditions.push(eq(disclosure.ref, filter.ref));
    return db
      .select()
      .from(disclosure)
      .where(and(...conditions))
      .orderBy(desc(disclosure.at), desc(disclosure.id))
      .limit(filter.limit);
  },
};
