import type { Ctx } from '#platform/ctx.ts';
import { actorRef } from '#platform/actor.ts';
import { notFound, invalid } from '#platform/errors.ts';
import { disableStaff } from '#modules/staff';
import { securityRepository, type AlertRow } from './security.repository.ts';
import {
  ALERT_KINDS,
  ALERT_TRANSITIONS,
  assertTransition,
  type AlertKind,
  type AlertStatus,
} from './security-status.ts';
import { openIncident } from './incidents.ts';
import type { IncidentRow } from './security.repository.ts';

/** An alert as compliance and the owner see it. */
export type AlertView = AlertRow & { description: string };

const view = (row: AlertRow): AlertView => ({
  ...row,
  description: ALERT_KINDS[row.kind as AlertKind] ?? row.kind,
});

/** The store's alerts, newest first (open ones only, or all). */
export async function listAlerts(ctx: Ctx, openOnly: boolean): Promise<AlertView[]> {
  return (await securityRepository.alerts(ctx.db, openOnly, 200)).map(view);
}

/** How many alerts wait for someone (the dashboards' banner). */
export function openAlertCount(ctx: Ctx): Promise<number> {
  return securityRepository.openAlertCount(ctx.db);
}

async function handle(ctx: Ctx, id: string, to: AlertStatus, incidentId?: string): Promise<AlertRow> {
  const row = await securityRepository.alert(ctx.db, id);
  if (!row) throw notFound('alert', id);
  assertTransition(ALERT_TRANSITIONS, `alert ${row.id}`, row.status as AlertStatus, to);
  await securityRepository.handleAlert(ctx.db, row.id, {
    status: to,
    handledBy: actorRef(ctx.actor),
    handledAt: ctx.now(),
    ...(incidentId ? { incidentId } : {}),
  });
  await ctx.audit.record(ctx, {
    action: 'change',
    table: 'security.alert',
    detail: { alert: row.id, status: to },
  });
  return row;
}

/** Closes an alert as a false alarm (who and when are kept). */
export async function dismissAlert(ctx: Ctx, id: string): Promise<void> {
  await handle(ctx, id, 'dismissed');
}

/**
 * Emergency isolation (SEC-4) from an alert: the staff user it names is disabled at once — every
 * live session ends and no log-in works — until the owner enables them again.
 */
export async function isolateFromAlert(ctx: Ctx, id: string): Promise<{ isolated: string }> {
  const row = await securityRepository.alert(ctx.db, id);
  if (!row) throw notFound('alert', id);
  if (!row.actor.startsWith('staff:'))
    throw invalid(
      row.actor.startsWith('source:')
        ? 'traffic from one address is already limited per address; nothing to isolate here'
        : `only a staff user can be isolated from an alert (this one names ${row.actor.split(':')[0]})`,
    );
  await disableStaff(ctx, row.actor.slice('staff:'.length));
  await handle(ctx, id, 'isolated');
  return { isolated: row.actor };
}

/** Opens an incident from an alert (IR-1): the alert's actor is the suspect; its subjects are derived from the log. */
export async function escalateAlert(ctx: Ctx, id: string, summary: string): Promise<IncidentRow> {
  const row = await securityRepository.alert(ctx.db, id);
  if (!row) throw notFound('alert', id);
  const incident = await openIncident(ctx, {
    kind: 'unauthorised_access',
    summary,
    awareAt: row.raisedAt,
    // Only a staff user, a client or an operator is one suspect; shoppers and addresses are not.
    suspectActor: /^(staff|api|operator):/.test(row.actor) ? row.actor : undefined,
  });
  await handle(ctx, id, 'escalated', incident.id);
  return incident;
}
