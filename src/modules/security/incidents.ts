import type { Ctx } from '#platform/ctx.ts';
import { newId, newReference } from '#platform/ids.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { actorRef } from '#platform/actor.ts';
import { readPersonal, subjectsTouchedBy } from '#modules/privacy';
import { securityRepository, type IncidentRow } from './security.repository.ts';
import {
  assertTransition,
  INCIDENT_KINDS,
  INCIDENT_TRANSITIONS,
  NOTICE_HOURS,
  type IncidentKind,
  type IncidentStatus,
  type NoticeRecipient,
} from './security-status.ts';
import { raiseAlert } from './raise-alert.ts';

const HOUR = 3_600_000;
/** How far before the suspect's first flagged event the affected subjects are looked for. */
export const LOOK_BACK_HOURS = 24;

/** What opening an incident needs (IR-1). */
export interface NewIncident {
  kind: IncidentKind;
  summary: string;
  /** When the store became aware (the clocks start here); now when absent. */
  awareAt?: Date | undefined;
  /** The actor whose access is the incident (as the audit log names it: `staff:<id>`, `api:<id>`). */
  suspectActor?: string | undefined;
  /** The window of the suspect's activity; the last 24 hours up to now when absent. */
  windowFrom?: Date | undefined;
  windowTo?: Date | undefined;
}

/** Seals staff's words under the incident's own key (they may write anything). */
async function sealText(
  ctx: Ctx,
  incidentId: string,
  table: string,
  rowId: string,
  column: string,
  text: string,
) {
  const sealed = await ctx.vault.seal(ctx, incidentId, table, rowId, { [column]: text });
  return sealed[column]!;
}

/**
 * Opens an incident (IR-1, IR-2): the partner (24 h) and authority (72 h) clocks start at
 * awareness; with a suspect actor, the affected subjects are derived from the audit log (every
 * subject that actor touched in the window) and kept as pseudonyms, the evidence.
 */
export async function openIncident(ctx: Ctx, input: NewIncident): Promise<IncidentRow> {
  const now = ctx.now();
  const awareAt = input.awareAt ?? now;
  if (awareAt > now) throw invalid('the store cannot have become aware of an incident in the future');
  const windowTo = input.windowTo ?? now;
  const windowFrom = input.windowFrom ?? new Date(windowTo.getTime() - LOOK_BACK_HOURS * HOUR);
  if (windowFrom >= windowTo) throw invalid('the window must start before it ends');
  const affected = input.suspectActor
    ? await subjectsTouchedBy(ctx, input.suspectActor, windowFrom, windowTo)
    : [];
  const id = newId('inc', now);
  const row: Omit<IncidentRow, 'tenantId'> = {
    id,
    reference: newReference('INC'),
    kind: input.kind,
    summary: await sealText(ctx, id, 'security.incident', id, 'summary', input.summary),
    status: 'open',
    awareAt,
    partnerDueAt: new Date(awareAt.getTime() + NOTICE_HOURS.partner * HOUR),
    authorityDueAt: new Date(awareAt.getTime() + NOTICE_HOURS.authority * HOUR),
    partnerNotifiedAt: null,
    authorityNotifiedAt: null,
    escalatedAt: null,
    suspectActor: input.suspectActor ?? null,
    windowFrom: input.suspectActor ? windowFrom : null,
    windowTo: input.suspectActor ? windowTo : null,
    affectedSubjects: affected.length,
    affectedPseudonyms: affected,
    openedBy: actorRef(ctx.actor),
    openedAt: now,
    closedAt: null,
  };
  await securityRepository.insertIncident(ctx.db, row);
  await entry(ctx, id, 'detected', `Opened: ${INCIDENT_KINDS[input.kind]}`);
  await ctx.audit.record(ctx, {
    action: 'change',
    table: 'security.incident',
    detail: { incident: row.reference, affected: affected.length },
  });
  return { ...row, tenantId: ctx.tenant.id };
}

async function entry(
  ctx: Ctx,
  incidentId: string,
  kind: string,
  text: string,
  evidenceSha256: string | null = null,
): Promise<void> {
  const id = newId('ine', ctx.now());
  await securityRepository.addEntry(ctx.db, {
    id,
    incidentId,
    at: ctx.now(),
    actor: actorRef(ctx.actor),
    kind,
    text: await sealText(ctx, incidentId, 'security.incident_entry', id, 'text', text),
    evidenceSha256,
  });
}

async function incidentOf(ctx: Ctx, idOrReference: string): Promise<IncidentRow> {
  const row = await securityRepository.incident(ctx.db, idOrReference, true);
  if (!row) throw notFound('incident', idOrReference);
  return row;
}

/** Adds a line to the timeline: an action taken, a note, or evidence kept elsewhere (its SHA-256). */
export async function addIncidentEntry(
  ctx: Ctx,
  idOrReference: string,
  input: { kind: 'action' | 'note' | 'evidence'; text: string; evidenceSha256?: string | undefined },
): Promise<void> {
  const row = await incidentOf(ctx, idOrReference);
  if (row.status === 'closed') throw invalid('the incident is closed; open a new one for what followed');
  if (input.kind === 'evidence' && !input.evidenceSha256)
    throw invalid('evidence needs the SHA-256 of what is kept (the file or export itself stays elsewhere)');
  await entry(ctx, row.id, input.kind, input.text, input.evidenceSha256 ?? null);
}

/** Records that the partner (marketplace) or the authority was notified (IR-2); stops that clock. */
export async function recordNotice(
  ctx: Ctx,
  idOrReference: string,
  recipient: NoticeRecipient,
): Promise<void> {
  const row = await incidentOf(ctx, idOrReference);
  const already = recipient === 'partner' ? row.partnerNotifiedAt : row.authorityNotifiedAt;
  if (already) throw invalid(`the ${recipient} was already notified`);
  const now = ctx.now();
  await securityRepository.updateIncident(
    ctx.db,
    row.id,
    recipient === 'partner' ? { partnerNotifiedAt: now } : { authorityNotifiedAt: now },
  );
  const due = recipient === 'partner' ? row.partnerDueAt : row.authorityDueAt;
  await entry(
    ctx,
    row.id,
    'notified',
    `${recipient === 'partner' ? 'Marketplace / partner' : 'Supervisory authority'} notified${now > due ? ' (after the deadline)' : ''}`,
  );
}

/**
 * Moves an incident on (`open` → `contained` → `closed`). Closing with a notice unsent needs the
 * reason it is not owed (a breach unlikely to result in a risk to people, GDPR Art. 33(1)).
 */
export async function changeIncidentStatus(
  ctx: Ctx,
  idOrReference: string,
  to: IncidentStatus,
  reason?: string,
): Promise<void> {
  const row = await incidentOf(ctx, idOrReference);
  assertTransition(INCIDENT_TRANSITIONS, `incident ${row.reference}`, row.status as IncidentStatus, to);
  const unsent = !row.partnerNotifiedAt || !row.authorityNotifiedAt;
  if (to === 'closed' && unsent && !reason?.trim())
    throw invalid(
      'a notice is not sent: say why none is owed to close the incident, or record the notice first',
    );
  await securityRepository.updateIncident(ctx.db, row.id, {
    status: to,
    closedAt: to === 'closed' ? ctx.now() : null,
  });
  await entry(ctx, row.id, 'status', `Status: ${to}${reason?.trim() ? ` — ${reason.trim()}` : ''}`);
}

/** One clock of an incident, as the compliance dashboard shows it. */
export interface NoticeClock {
  recipient: NoticeRecipient;
  dueAt: Date;
  notifiedAt: Date | null;
  /** Past due with no notice sent. */
  overdue: boolean;
  /** Whole hours left (negative when overdue); null once notified. */
  hoursLeft: number | null;
}

/** An incident with its timeline (staff's words opened for compliance and the owner), clocks and drafts. */
export interface IncidentDetail {
  incident: IncidentRow;
  summary: string | null | undefined;
  clocks: NoticeClock[];
  timeline: {
    at: Date;
    actor: string;
    kind: string;
    text: string | null | undefined;
    evidenceSha256: string | null;
  }[];
  drafts: Record<NoticeRecipient, string>;
}

/** The incident's two clocks at `now`. */
export function clocksOf(row: IncidentRow, now: Date): NoticeClock[] {
  return (['partner', 'authority'] as const).map((recipient) => {
    const dueAt = recipient === 'partner' ? row.partnerDueAt : row.authorityDueAt;
    const notifiedAt = recipient === 'partner' ? row.partnerNotifiedAt : row.authorityNotifiedAt;
    return {
      recipient,
      dueAt,
      notifiedAt,
      overdue: !notifiedAt && row.status !== 'closed' && now > dueAt,
      hoursLeft: notifiedAt ? null : Math.floor((dueAt.getTime() - now.getTime()) / HOUR),
    };
  });
}

/** The store's incidents, open ones first by their authority deadline. */
export async function listIncidents(ctx: Ctx): Promise<{ incident: IncidentRow; clocks: NoticeClock[] }[]> {
  const rows = await securityRepository.incidents(ctx.db, 200);
  return rows.map((incident) => ({ incident, clocks: clocksOf(incident, ctx.now()) }));
}

/** One incident for compliance or the owner (the reads of staff's words are audited). */
export async function incidentDetail(ctx: Ctx, idOrReference: string): Promise<IncidentDetail> {
  const row = await securityRepository.incident(ctx.db, idOrReference);
  if (!row) throw notFound('incident', idOrReference);
  const { summary } = await readPersonal(
    ctx,
    { table: 'security.incident', rowId: row.id, subjectId: row.id, values: { summary: row.summary } },
    'security',
  );
  const timeline = [];
  for (const e of await securityRepository.entries(ctx.db, row.id)) {
    const { text } = await readPersonal(
      ctx,
      { table: 'security.incident_entry', rowId: e.id, subjectId: row.id, values: { text: e.text } },
      'security',
    );
    timeline.push({ at: e.at, actor: e.actor, kind: e.kind, text, evidenceSha256: e.evidenceSha256 });
  }
  const actions = timeline.filter((t) => t.kind === 'action' && t.text).map((t) => `- ${t.text}`);
  return {
    incident: row,
    summary,
    clocks: clocksOf(row, ctx.now()),
    timeline,
    drafts: {
      partner: draftNotice(ctx, row, 'partner', summary ?? '', actions),
      authority: draftNotice(ctx, row, 'authority', summary ?? '', actions),
    },
  };
}

/**
 * A notice drafted from the register (IR-2): what happened, when the store became aware, the
 * people affected (a count from the audit log), what was done, who to contact. Compliance edits
 * and sends it; the register records when.
 */
function draftNotice(
  ctx: Ctx,
  row: IncidentRow,
  recipient: NoticeRecipient,
  summary: string,
  actions: string[],
): string {
  const store = ctx.tenant.policy;
  const to = recipient === 'partner' ? 'To the marketplace / partner' : 'To the supervisory authority';
  const due = recipient === 'partner' ? row.partnerDueAt : row.authorityDueAt;
  return [
    `${to} — personal data incident ${row.reference} at ${ctx.tenant.name}`,
    `(due by ${due.toISOString()}, ${NOTICE_HOURS[recipient]} hours after the store became aware)`,
    '',
    `Nature of the incident: ${INCIDENT_KINDS[row.kind as IncidentKind]}.`,
    `What we know: ${summary || '(to be completed)'}`,
    `Became aware: ${row.awareAt.toISOString()}.`,
    row.suspectActor
      ? `Data subjects concerned: ${row.affectedSubjects}, established from the audit log of ${row.suspectActor} between ${row.windowFrom?.toISOString()} and ${row.windowTo?.toISOString()}.`
      : 'Data subjects concerned: to be established.',
    'Measures taken or proposed:',
    ...(actions.length > 0 ? actions : ['- (to be completed)']),
    `Contact: ${store.contactEmail}.`,
  ].join('\n');
}

/**
 * Job `security.watch-incident-clocks` (IR-2): an incident whose notice is past due is escalated
 * once — a timeline line and an alert to compliance and the owner.
 */
export async function watchIncidentClocks(ctx: Ctx): Promise<Record<string, number>> {
  let escalated = 0;
  for (const row of await securityRepository.overdue(ctx.db, ctx.now())) {
    await securityRepository.updateIncident(ctx.db, row.id, { escalatedAt: ctx.now() });
    const late = clocksOf(row, ctx.now())
      .filter((c) => c.overdue)
      .map((c) => c.recipient);
    await entry(ctx, row.id, 'escalated', `Escalated: the ${late.join(' and ')} notice is past its deadline`);
    await raiseAlert(ctx, 'incident_overdue', `incident:${row.reference}`, {
      incident: row.reference,
      late: late.join(','),
    });
    escalated++;
  }
  return { escalated };
}
