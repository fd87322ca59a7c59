import { definePersonalData, type PersonalField, type SubjectLink } from '#modules/privacy';

/** A fact of the security records: counts, times, states; read by compliance and the owner. */
const fact = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'technical',
  purposes: ['security'],
  readableBy: ['owner', 'compliance'],
  sharedWith: [],
  retention: 'audit_log',
  storage: 'plain',
  ...field,
});
const staffLink: SubjectLink = {
  subject: 'staff',
  category: 'technical',
  purposes: ['security'],
  retention: 'audit_log',
};

/**
 * What the security module stores about people (PV-1, IR-1): alerts and incidents name the staff
 * user or client whose access raised them (by id, as the audit log does) and who handled them;
 * staff's own words about an incident are sealed under the incident's key; affected people appear
 * only as the audit log's pseudonyms. Canary records link to the fake members they are.
 */
export const securityPersonalData = definePersonalData({
  module: 'security',
  subject: 'staff',
  fields: {
    'security.alert.kind': fact(),
    'security.alert.detail': fact(),
    'security.alert.status': fact(),
    'security.alert.raised_at': fact(),
    'security.alert.dedupe': fact(),
    'security.alert.handled_at': fact(),
    'security.alert.incident_id': fact(),
    'security.incident.reference': fact(),
    'security.incident.kind': fact(),
    'security.incident.summary': fact({ storage: 'sealed', mask: 'text' }),
    'security.incident.status': fact(),
    'security.incident.aware_at': fact(),
    'security.incident.partner_due_at': fact(),
    'security.incident.authority_due_at': fact(),
    'security.incident.partner_notified_at': fact(),
    'security.incident.authority_notified_at': fact(),
    'security.incident.escalated_at': fact(),
    'security.incident.window_from': fact(),
    'security.incident.window_to': fact(),
    'security.incident.affected_subjects': fact(),
    'security.incident.affected_pseudonyms': fact({ readableBy: ['compliance'] }),
    'security.incident.opened_at': fact(),
    'security.incident.closed_at': fact(),
    'security.incident_entry.incident_id': fact(),
    'security.incident_entry.at': fact(),
    'security.incident_entry.kind': fact(),
    'security.incident_entry.text': fact({ storage: 'sealed', mask: 'text' }),
    'security.incident_entry.evidence_sha256': fact(),
    'security.canary.created_at': fact({ readableBy: ['compliance'], retention: 'account_data' }),
  },
  subjectLinks: {
    'security.alert.actor': staffLink,
    'security.alert.handled_by': staffLink,
    'security.incident.suspect_actor': staffLink,
    'security.incident.opened_by': staffLink,
    'security.incident_entry.actor': staffLink,
    'security.canary.subject_id': {
      subject: 'member',
      category: 'account',
      purposes: ['security'],
      retention: 'account_data',
    },
  },
});
