import { definePersonalData, type PersonalField } from './inventory/define-personal-data.ts';

/**
 * The vault's own records (PV-1): one data key per subject, stored wrapped. After erasure the row
 * stays with its key destroyed, as proof of the erasure (and so a restored backup can destroy the
 * same keys again); it then links its random id to nothing.
 */
/** What an audit event says about an access: when, by which role, what was done, why. */
const AUDIT_RECORD: PersonalField = {
  category: 'technical',
  purposes: ['security'],
  readableBy: ['compliance'],
  sharedWith: [],
  retention: 'audit_log',
  storage: 'plain',
};

/** A consent choice (CN-3): proof of what the shopper chose, how, under which policy version. */
const CONSENT_RECORD: PersonalField = {
  category: 'browsing',
  purposes: ['personalisation', 'privacy_requests'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'consent_records',
  storage: 'plain',
};

/** A restriction of processing (DR-5): since when, lifted when. */
const RESTRICTION_RECORD: PersonalField = {
  category: 'account',
  purposes: ['privacy_requests'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'privacy_requests',
  storage: 'plain',
};

/** A legal hold's record (RT-5): why and by whom data outlives its rule; compliance only. */
const HOLD_RECORD: PersonalField = {
  category: 'account',
  purposes: ['legal_claims'],
  readableBy: ['compliance'],
  sharedWith: [],
  retention: 'privacy_requests',
  storage: 'plain',
};

export const privacyPersonalData = definePersonalData({
  module: 'privacy',
  subject: 'shopper',
  fields: {
    'privacy.subject_key.wrapped_key': {
      category: 'technical',
      purposes: ['security'],
      readableBy: [],
      sharedWith: [],
      retention: 'account_data',
      storage: 'sealed',
    },
    // A locked subject's key (RT-4, RT-5), wrapped under the lock key instead of the master key.
    'privacy.subject_key.locked_key': {
      category: 'technical',
      purposes: ['security'],
      readableBy: [],
      sharedWith: [],
      retention: 'account_data',
      storage: 'sealed',
    },
    'privacy.subject_key.locked_at': {
      category: 'technical',
      purposes: ['security'],
      readableBy: ['compliance'],
      sharedWith: [],
      retention: 'account_data',
      storage: 'plain',
    },
    'privacy.subject_key.lock_reason': {
      category: 'technical',
      purposes: ['security'],
      readableBy: ['compliance'],
      sharedWith: [],
      retention: 'account_data',
      storage: 'plain',
    },
    'privacy.subject_key.created_at': {
      category: 'technical',
      purposes: ['security'],
      readableBy: ['compliance'],
      sharedWith: [],
      retention: 'erasure_records',
      storage: 'plain',
    },
    'privacy.audit_event.at': AUDIT_RECORD,
    'privacy.audit_event.role': AUDIT_RECORD,
    'privacy.audit_event.action': AUDIT_RECORD,
    'privacy.audit_event.fields': AUDIT_RECORD,
    'privacy.audit_event.purpose': AUDIT_RECORD,
    'privacy.audit_event.request_id': AUDIT_RECORD,
    'privacy.audit_event.detail': AUDIT_RECORD,
    'privacy.subject_key.destroyed_at': {
      category: 'technical',
      purposes: ['security'],
      readableBy: ['compliance'],
      sharedWith: [],
      retention: 'erasure_records',
      storage: 'plain',
    },
    'privacy.consent_choice.purpose': CONSENT_RECORD,
    'privacy.consent_choice.granted': CONSENT_RECORD,
    'privacy.consent_choice.source': CONSENT_RECORD,
    'privacy.consent_choice.policy_version': CONSENT_RECORD,
    'privacy.consent_choice.at': CONSENT_RECORD,
    'privacy.restriction.since': RESTRICTION_RECORD,
    'privacy.legal_hold.basis': HOLD_RECORD,
    'privacy.legal_hold.reference': HOLD_RECORD,
    'privacy.legal_hold.placed_by': HOLD_RECORD,
    'privacy.legal_hold.placed_at': HOLD_RECORD,
    'privacy.legal_hold.released_by': HOLD_RECORD,
    'privacy.legal_hold.released_at': HOLD_RECORD,
    'privacy.restriction.lifted_at': RESTRICTION_RECORD,
  },
  subjectLinks: {
    // The audit log (AU-1..3) names a shopper only by pseudonym (an HMAC of their id) and staff by
    // their staff id; it is kept for the audit_log period and read by compliance only.
    'privacy.audit_event.subject': {
      subject: 'shopper',
      category: 'technical',
      purposes: ['security'],
      retention: 'audit_log',
    },
    'privacy.audit_event.actor': {
      subject: 'staff',
      category: 'technical',
      purposes: ['security'],
      retention: 'audit_log',
    },
    // A member's consent choices are keyed by their subject id; a visitor's by a random id their
    // browser keeps (a cookie), which names nobody else.
    'privacy.consent_choice.holder': {
      subject: 'shopper',
      category: 'browsing',
      purposes: ['personalisation', 'privacy_requests'],
      retention: 'consent_records',
    },
    'privacy.restriction.subject_id': {
      subject: 'shopper',
      category: 'account',
      purposes: ['privacy_requests'],
      retention: 'privacy_requests',
    },
    // A legal hold (RT-5) names its subject; kept while it stands and for the privacy_requests
    // period after, as proof of why data outlived its rule.
    'privacy.legal_hold.subject_id': {
      subject: 'shopper',
      category: 'technical',
      purposes: ['legal_claims'],
      retention: 'privacy_requests',
    },
    'privacy.subject_key.subject_id': {
      subject: 'shopper',
      category: 'technical',
      purposes: ['security'],
      retention: 'erasure_records',
    },
  },
  notPersonal: {
    'privacy.audit_event.table_name': 'the name of a database table, not of a person',
    'privacy.audit_event.seq': 'the order events were written in',
    'privacy.audit_event.chain': 'which hash chain (store and lane) the event belongs to',
    'privacy.audit_event.pos': 'the position in that chain',
    'privacy.audit_event.prev_hash': 'a SHA-256 digest of the previous event',
    'privacy.audit_event.hash': 'a SHA-256 digest of this event',
    'privacy.processor.name': 'the name of a company the store shares data with, not of a person',
    'privacy.disclosure.recipient':
      'the kind of company a share went to (carrier, payment provider), not a person',
  },
});
