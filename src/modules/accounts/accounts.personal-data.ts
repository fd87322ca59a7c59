import { definePersonalData, type PersonalField } from '#modules/privacy';

const account = (field: Partial<PersonalField> & Pick<PersonalField, 'storage'>): PersonalField => ({
  category: 'account',
  purposes: ['login'],
  readableBy: [],
  sharedWith: [],
  retention: 'account_data',
  ...field,
});

/** Personal data the accounts module stores (PV-1): every column of its tables about a member. */
export const accountsPersonalData = definePersonalData({
  module: 'accounts',
  subject: 'member',
  fields: {
    'accounts.customer.email': account({
      storage: 'sealed',
      mask: 'email',
      purposes: ['login', 'order_updates', 'password_reset', 'transactional_email', 'customer_service'],
      readableBy: ['subject', 'customer_service:masked', 'compliance'],
    }),
    'accounts.customer.email_index': account({
      storage: 'blind_index',
      indexLabel: 'accounts.customer.email',
    }),
    'accounts.customer.nickname': account({
      storage: 'sealed',
      mask: 'name',
      purposes: ['greeting', 'customer_service', 'transactional_email', 'password_reset', 'login'],
      readableBy: ['subject', 'customer_service', 'compliance'],
    }),
    'accounts.policy_notice.version': account({
      storage: 'plain',
      purposes: ['transactional_email'],
      readableBy: ['subject', 'compliance'],
    }),
    'accounts.policy_notice.sent_at': account({
      storage: 'plain',
      purposes: ['transactional_email'],
      readableBy: ['subject', 'compliance'],
    }),
    'accounts.customer.password_hash': account({ storage: 'one_way_hash' }),
    'accounts.customer.created_at': account({
      storage: 'plain',
      purposes: ['login', 'customer_service'],
      readableBy: ['subject', 'customer_service', 'compliance'],
    }),
    'accounts.customer.last_login_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['security'],
      readableBy: ['subject', 'compliance'],
    }),
    'accounts.session.token_hash': account({
      storage: 'one_way_hash',
      category: 'technical',
      retention: 'sessions',
    }),
    'accounts.session.created_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['security'],
      readableBy: ['subject', 'compliance'],
      retention: 'sessions',
    }),
    'accounts.session.expires_at': account({
      storage: 'plain',
      category: 'technical',
      retention: 'sessions',
    }),
    'accounts.password_reset.token_hash': account({
      storage: 'one_way_hash',
      category: 'technical',
      purposes: ['password_reset'],
      retention: 'reset_tokens',
    }),
    'accounts.password_reset.created_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['password_reset', 'security'],
      readableBy: ['compliance'],
      retention: 'reset_tokens',
    }),
    'accounts.password_reset.expires_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['password_reset'],
      retention: 'reset_tokens',
    }),
    'accounts.password_reset.used_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['password_reset', 'security'],
      readableBy: ['compliance'],
      retention: 'reset_tokens',
    }),
    'accounts.pending_registration.token_hash': account({
      storage: 'one_way_hash',
      category: 'technical',
      purposes: ['registration'],
      retention: 'pending_registrations',
    }),
    'accounts.pending_registration.email': account({
      storage: 'sealed',
      mask: 'email',
      purposes: ['registration'],
      retention: 'pending_registrations',
    }),
    'accounts.pending_registration.email_index': account({
      storage: 'blind_index',
      purposes: ['registration'],
      indexLabel: 'accounts.customer.email',
      retention: 'pending_registrations',
    }),
    'accounts.pending_registration.nickname': account({
      storage: 'sealed',
      mask: 'name',
      purposes: ['registration'],
      retention: 'pending_registrations',
    }),
    'accounts.pending_registration.password_hash': account({
      storage: 'one_way_hash',
      purposes: ['registration'],
      retention: 'pending_registrations',
    }),
    'accounts.pending_registration.created_at': account({
      storage: 'plain',
      purposes: ['registration'],
      retention: 'pending_registrations',
    }),
    'accounts.pending_registration.expires_at': account({
      storage: 'plain',
      purposes: ['registration'],
      retention: 'pending_registrations',
    }),
  },
  subjectLinks: {
    'accounts.session.customer_id': {
      subject: 'member',
      category: 'technical',
      purposes: ['login'],
      retention: 'sessions',
    },
    'accounts.password_reset.customer_id': {
      subject: 'member',
      category: 'technical',
      purposes: ['password_reset'],
      retention: 'reset_tokens',
    },
    'accounts.policy_notice.customer_id': {
      subject: 'member',
      category: 'account',
      purposes: ['transactional_email'],
      retention: 'account_data',
    },
  },
});
