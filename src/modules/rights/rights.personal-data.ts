import { definePersonalData, type PersonalField } from '#modules/privacy';

/** A fact of a request: what was asked, when, where it stands. */
const fact = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'account',
  purposes: ['privacy_requests'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'privacy_requests',
  storage: 'plain',
  ...field,
});

/**
 * What the rights module stores about people (PV-1): their requests and complaints, their words
 * and the answer (sealed under the requester's key), the address a guest or visitor is answered
 * at (sealed), and the hashes of a guest's one-time code and rights token.
 */
export const rightsPersonalData = definePersonalData({
  module: 'rights',
  subject: 'shopper',
  fields: {
    'rights.request.contact_email': fact({ storage: 'sealed', mask: 'email' }),
    'rights.request.message': fact({ storage: 'sealed', mask: 'text' }),
    'rights.request.reply': fact({ storage: 'sealed', mask: 'text' }),
    'rights.request.kind': fact(),
    'rights.request.requester': fact(),
    'rights.request.status': fact(),
    'rights.request.received_at': fact(),
    'rights.request.due_at': fact(),
    'rights.request.legal_due_at': fact(),
    'rights.request.clock': fact(),
    'rights.request.assigned_to': fact({ readableBy: ['compliance'] }),
    'rights.request.escalated_at': fact(),
    'rights.request.closed_at': fact(),
    'rights.request.receipt': fact(),
    'rights.request.updated_at': fact(),
    'rights.verification.code_hash': fact({
      readableBy: [],
      purposes: ['security'],
      storage: 'one_way_hash',
    }),
    'rights.verification.token_hash': fact({
      readableBy: [],
      purposes: ['security'],
      storage: 'one_way_hash',
    }),
    'rights.verification.attempts': fact({ readableBy: [], purposes: ['security'] }),
    'rights.verification.code_expires_at': fact({ readableBy: [], purposes: ['security'] }),
    'rights.verification.token_expires_at': fact({ readableBy: [], purposes: ['security'] }),
    'rights.verification.created_at': fact({ readableBy: [], purposes: ['security'] }),
  },
  subjectLinks: {
    'rights.request.subject_id': {
      subject: 'shopper',
      category: 'account',
      purposes: ['privacy_requests'],
      retention: 'privacy_requests',
    },
    'rights.verification.subject_id': {
      subject: 'shopper',
      category: 'account',
      purposes: ['security'],
      retention: 'access_grants',
    },
    'rights.verification.subject_ids': {
      subject: 'shopper',
      category: 'account',
      purposes: ['security'],
      retention: 'access_grants',
    },
    'rights.verification.order_id': {
      subject: 'shopper',
      category: 'transaction',
      purposes: ['security'],
      retention: 'access_grants',
    },
  },
  notPersonal: {
    'rights.request.reference': 'a random reference the requester can quote',
  },
});
