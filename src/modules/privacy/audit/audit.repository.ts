import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { statement } from '#db/statement.ts';
import { sqlArray } from '#db/schema-helpers.ts';
import { auditCheckpoint, auditEvent, auditHead } from './audit.schema.ts';

export type AuditEventRow = typeof auditEvent.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoint.$inferSelect;
export type NewAuditEvent = Omit<AuditEventRow, 'seq'>;

/** Filters of the audit viewer (compliance). */
export interface AuditFilter {
  subject?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  requestId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only events with a smaller sequence number (paging backwards from the newest). */
  before?: number | undefined;
}

// Every transaction that audits runs these two (#db/statement.ts). `pos` is a bigint, which the
// two drivers type differently: it is read as text and converted.
const reserveStatement = statement<{ pos: string; hash: string }>(
  `insert into privacy.audit_head (chain, tenant_id, pos, hash) values ($1, $2, $3, '')
   on conflict (chain) do update set pos = privacy.audit_head.pos + $3
   returning pos::text as pos, hash`,
);
// The events travel as one JSON array (any number of them, each with its own list of fields).
const appendStatement = statement(
  `with e as (
     select * from jsonb_to_recordset($1::jsonb) as x(chain text, pos bigint, at timestamptz, tenant_id text,
       actor text, role text, action text, subject text, table_name text, fields text[], purpose text,
       request_id text, detail jsonb, prev_hash text, hash text)),
   appended as (
     insert into privacy.audit_event (chain, pos, at, tenant_id, actor, role, action, subject, table_name, fields,
       purpose, request_id, detail, prev_hash, hash)
     select chain, pos, at, tenant_id, actor, role, action, subject, table_name, fields, purpose, request_id,
       detail, prev_hash, hash
     from e order by pos)
   update privacy.audit_head set hash = $2 where chain = $3`,
);

/** All SQL of the audit log. The app role can only insert and read events and checkpoints. */
export const auditRepository = {
  /**
   * Reserves `count` positions at the end of `chain` and returns the first one and the hash
   * before it. The head row stays locked until the transaction ends, so appends to one chain are
   * serial; other chains (lanes) are not held up.
   */
  async reserve(
    db: Db,
    chain: string,
    tenantId: string | null,
    count: number,
  ): Promise<{ firstPos: number; prevHash: string }> {
    const head = (await reserveStatement.one(db, [chain, tenantId, count]))!;
    const pos = Number(head.pos);
    return { firstPos: pos - count + 1, prevHash: head.hash };
  },

  /** Appends reserved events and moves the chain's head hash, in one statement. */
  async append(db: Db, chain: string, events: NewAuditEvent[]): Promise<void> {
    const rows = events.map((e) => ({
      chain: e.chain,
      pos: e.pos,
      at: e.at.toISOString(),
      tenant_id: e.tenantId,
      actor: e.actor,
      role: e.role,
      action: e.action,
      subject: e.subject,
      table_name: e.tableName,
      fields: e.fields,
      purpose: e.purpose,
      request_id: e.requestId,
      detail: e.detail,
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
    await appendStatement.later(db, [JSON.stringify(rows), events.at(-1)!.hash, chain]);
  },

  /** The newest events of the transaction's store that match the filter (the audit viewer). */
  async find(db: Db, filter: AuditFilter, limit: number): Promise<AuditEventRow[]> {
    const where: SQL[] = [];
    if (filter.subject) where.push(eq(auditEvent.subject, filter.subject));
    if (filter.actor) where.push(eq(auditEvent.actor, filter.actor));
    if (filter.action) where.push(eq(auditEvent.action, filter.action));
    if (filter.requestId) where.push(eq(auditEvent.requestId, filter.requestId));
    if (filter.from) where.push(gte(auditEvent.at, filter.from));
    if (filter.to) where.push(lt(auditEvent.at, filter.to));
    if (filter.before) where.push(lt(auditEvent.seq, filter.before));
    return db
      .select()
      .from(auditEvent)
      .where(and(...where))
      .orderBy(desc(auditEvent.seq))
      .limit(limit);
  },

  /** Events after `afterSeq` in writing order (verification reads the log in pages). */
  async page(db: Db, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
    return db
      .select()
      .from(auditEvent)
      .where(gt(auditEvent.seq, afterSeq))
      .orderBy(asc(auditEvent.seq))
      .limit(limit);
  },

  /** The event of a chain whose hash is `hash`, if any (to explain a broken link). */
  async byHash(db: Db, chain: string, hash: string): Promise<AuditEventRow | undefined> {
    const [row] = await db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.chain, chain), eq(auditEvent.hash, hash)))
      .limit(1);
    return row;
  },

  async heads(db: Db): Promise<(typeof auditHead.$inferSelect)[]> {
    return db.select().from(auditHead).orderBy(asc(auditHead.chain));
  },

  async checkpoints(db: Db): Promise<AuditCheckpointRow[]> {
    return db.select().from(auditCheckpoint).orderBy(asc(auditCheckpoint.id));
  },

  /** The newest checkpoint position of every chain. */
  async lastCheckpoints(db: Db): Promise<Map<string, number>> {
    const rows = await db
      .select({ chain: auditCheckpoint.chain, pos: sql<number>`max(${auditCheckpoint.pos})`.mapWith(Number) })
      .from(auditCheckpoint)
      .groupBy(auditCheckpoint.chain);
    return new Map(rows.map((r) => [r.chain, r.pos]));
  },

  async insertCheckpoint(db: Db, row: Omit<AuditCheckpointRow, 'id'>): Promise<void> {
    await db.insert(auditCheckpoint).values(row);
  },

  /** How many events of `action` by `actor` the transaction's store has since `since`. */
  async countSince(db: Db, actor: string, action: string, since: Date): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(auditEvent)
      .where(and(eq(auditEvent.actor, actor), eq(auditEvent.action, action), gte(auditEvent.at, since)));
    return row?.n ?? 0;
  },

  /**
   * Per actor, since `since`: events of `actions` and distinct subjects they touched (optionally
   * only among `subjects`), in the transaction's store. The detectors' one query (SEC-4, IR-3).
   */
  async activityByActor(
    db: Db,
    since: Date,
    actions: readonly string[],
    subjects?: readonly string[],
  ): Promise<{ actor: string; role: string | null; events: number; subjects: number; firstAt: Date }[]> {
    const conditions: SQL[] = [
      gte(auditEvent.at, since),
      sql`${auditEvent.action} = any(${sqlArray(actions, 'text')})`,
    ];
    if (subjects) conditions.push(sql`${auditEvent.subject} = any(${sqlArray(subjects, 'text')})`);
    return db
      .select({
        actor: auditEvent.actor,
        role: sql<string | null>`max(${auditEvent.role})`,
        events: sql<number>`count(*)`.mapWith(Number),
        subjects: sql<number>`count(distinct ${auditEvent.subject})`.mapWith(Number),
        firstAt: sql<Date>`min(${auditEvent.at})`.mapWith((v: string | Date) => new Date(v)),
      })
      .from(auditEvent)
      .where(and(...conditions))
      .groupBy(auditEvent.actor);
  },

  /** The distinct subjects (pseudonyms) `actor` touched between `from` and `to` in the store. */
  async subjectsTouchedBy(db: Db, actor: string, from: Date, to: Date): Promise<string[]> {
    const rows = await db
      .selectDistinct({ subject: auditEvent.subject })
      .from(auditEvent)
      .where(
        and(
          eq(auditEvent.actor, actor),
          gte(auditEvent.at, from),
          lt(auditEvent.at, to),
          sql`${auditEvent.subject} is not null`,
        ),
      );
    return rows.map((r) => r.subject!);
  },
};
