import { conflict } from '#platform/errors.ts';

/** What the detectors look for (SEC-4, IR-3), in the words compliance reads. */
export const ALERT_KINDS = {
  bulk_read: 'One staff user or API client read the data of many people in a short time',
  bulk_export: 'One staff user or API client exported data repeatedly',
  failed_logins:
    'Repeated failed log-ins: to one staff account, to the staff altogether, or wrong passwords across many shopper accounts',
  scraping: 'One address requested catalog pages or order look-ups far faster than a person can',
  canary:
    'Someone opened or tried to sign in to a canary account (a fake customer no legitimate work ever touches)',
  incident_overdue: 'An incident notice is past its deadline',
} as const;
export type AlertKind = keyof typeof ALERT_KINDS;

export type AlertStatus = 'open' | 'dismissed' | 'isolated' | 'escalated';

/** THE transition table of an alert: handled once (isolating may follow escalation). */
export const ALERT_TRANSITIONS: Record<AlertStatus, readonly AlertStatus[]> = {
  open: ['dismissed', 'isolated', 'escalated'],
  escalated: ['isolated'],
  isolated: ['escalated'],
  dismissed: [],
};

/** Kinds of incident (IR-1). */
export const INCIDENT_KINDS = {
  unauthorised_access: 'Unauthorised access to personal data',
  disclosure: 'Personal data disclosed to the wrong recipient',
  loss: 'Loss or theft of data or of a device holding it',
  malware: 'Malware or ransomware',
  availability: 'Personal data unavailable or destroyed',
  other: 'Other',
} as const;
export type IncidentKind = keyof typeof INCIDENT_KINDS;

export type IncidentStatus = 'open' | 'contained' | 'closed';

/** THE transition table of an incident. */
export const INCIDENT_TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  open: ['contained', 'closed'],
  contained: ['closed', 'open'],
  closed: [],
};

/** The notification clocks (IR-2): hours from awareness. */
export const NOTICE_HOURS = { partner: 24, authority: 72 } as const;
export type NoticeRecipient = keyof typeof NOTICE_HOURS;

/** Refuses a status change the table does not allow. */
export function assertTransition<S extends string>(
  table: Record<S, readonly S[]>,
  what: string,
  from: S,
  to: S,
): void {
  if (!table[from].includes(to))
    throw conflict(`${what} is ${from.replace('_', ' ')}; it cannot become ${to}`);
}
