import { definePersonalData } from './inventory/define-personal-data.ts';

/**
 * The vault's own records (PV-1): one data key per subject, stored wrapped. After erasure the row
 * stays with its key destroyed, as proof of the erasure (and so a restored backup can destroy the
 * same keys again); it then links its random id to nothing.
 */
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
    'privacy.subject_key.created_at': {
      category: 'technical',
      purposes: ['security'],
      readableBy: ['compliance'],
      sharedWith: [],
      retention: 'erasure_records',
      storage: 'plain',
    },
    'privacy.subject_key.destroyed_at': {
      category: 'technical',
      purposes: ['security'],
      readableBy: ['compliance'],
      sharedWith: [],
      retention: 'erasure_records',
      storage: 'plain',
    },
  },
  subjectLinks: {
    'privacy.subject_key.subject_id': {
      subject: 'shopper',
      category: 'technical',
      purposes: ['security'],
      retention: 'erasure_records',
    },
  },
});
