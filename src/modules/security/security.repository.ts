import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { alert, canary, incident, incidentEntry } from './security.schema.ts';

export type AlertRow = typeof alert.$inferSelect;
export type IncidentRow = typeof incident.$inferSelect;
export type IncidentEntryRow = typeof incidentEntry.$inferSelect;

/** All SQL of the security module (alerts, incidents, canaries). */
export const securityRepository = {
  /** Raises an alert unless the same one (`dedupe`) was raised already; true when it is new. */
  async raise(db: Db, row: Omit<AlertRow, 'tenantId'>): Promise<boolean> {
    const inserted = await db
      .insert(alert)
      .values(row)
      .onConflictDoNothing({ target: [alert.tenantId, alert.dedupe] })
      .returning({ id: alert.id });
    return inserted.length > 0;
  },

  async alerts(db: Db, open: boolean, limit: number): Promise<AlertRow[]> {
    return db
      .select()
      .from(alert)
      .where(open ? eq(alert.status, 'open') : sql`true`)
      .orderBy(desc(alert.raisedAt))
      .limit(limit);
  },

  async alert(db: Db, id: string): Promise<AlertRow | undefined> {
    const [row] = await db.select().from(alert).where(eq(alert.id, id)).for('update');
    return row;
  },

  async handleAlert(
    db: Db,
    id: string,
    set: Pick<AlertRow, 'status' | 'handledBy' | 'handledAt'> & { incidentId?: string },
  ): Promise<void> {
    await db.update(alert).set(set).where(eq(alert.id, id));
  },

  async openAlertCount(db: Db): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(alert)
      .where(eq(alert.status, 'open'));
    return row?.n ?? 0;
  },

  async insertIncident(db: Db, row: Omit<IncidentRow, 'tenantId'>): Promise<void> {
    await db.insert(incident).values(row);
  },

  async incident(db: Db, idOrReference: string, lock = false): Promise<IncidentRow | undefined> {
    const query = db
      .select()
      .from(incident)
      .where(or(eq(incident.id, idOrReference), eq(incident.reference, idOrReference)));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  },

  /** Open and contained incidents first, soonest authority deadline first; then the closed ones. */
  async incidents(db: Db, limit: number): Promise<IncidentRow[]> {
    return db
      .select()
      .from(incident)
      .orderBy(sql`${incident.status} = 'closed'`, asc(incident.authorityDueAt))
      .limit(limit);
  },

  async updateIncident(
    db: Db,
    id: string,
    set: Partial<Omit<IncidentRow, 'id' | 'tenantId'>>,
  ): Promise<void> {
    await db.update(incident).set(set).where(eq(incident.id, id));
  },

  async addEntry(db: Db, row: Omit<IncidentEntryRow, 'tenantId'>): Promise<void> {
    await db.insert(incidentEntry).values(row);
  },

  async entries(db: Db, incidentId: string): Promise<IncidentEntryRow[]> {
    return db
      .select()
      .from(incidentEntry)
      .where(eq(incidentEntry.incidentId, incidentId))
      .orderBy(asc(incidentEntry.at), asc(incidentEntry.id));
  },

  /** Incidents not closed with a notice past its deadline, not yet escalated. */
  async overdue(db: Db, now: Date): Promise<IncidentRow[]> {
    return db
      .select()
      .from(incident)
      .where(
        and(
          inArray(incident.status, ['open', 'contained']),
          isNull(incident.escalatedAt),
          or(
            and(isNull(incident.partnerNotifiedAt), lt(incident.partnerDueAt, now)),
            and(isNull(incident.authorityNotifiedAt), lt(incident.authorityDueAt, now)),
          ),
        ),
      );
  },

  /** Alerts that name an actor (a staff user's own export). */
  async alertsNaming(db: Db, actor: string): Promise<Pick<AlertRow, 'kind' | 'status' | 'raisedAt'>[]> {
    return db
      .select({ kind: alert.kind, status: alert.status, raisedAt: alert.raisedAt })
      .from(alert)
      .where(eq(alert.actor, actor));
  },

  async removeCanary(db: Db, subjectId: string): Promise<number> {
    return (await db.delete(canary).where(eq(canary.subjectId, subjectId)).returning()).length;
  },

  async addCanary(db: Db, subjectId: string, at: Date): Promise<void> {
    await db.insert(canary).values({ subjectId, createdAt: at }).onConflictDoNothing();
  },

  async canaries(db: Db): Promise<string[]> {
    return (await db.select({ id: canary.subjectId }).from(canary)).map((r) => r.id);
  },
};
