import { definePersonalData, type PersonalField } from '#modules/privacy';

const account = (field: Partial<PersonalField> & Pick<PersonalField, 'storage'>): PersonalField => ({
  category: 'account',
  purposes: ['login'],
  readableBy: [],
  sharedWith: [],
  retention: 'account_data',
  ...field,
});

/** A line of the member's address book: sealed, for the member alone. */
const book = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'logistics',
  purposes: ['shopping'],
  readableBy: ['subject'],
  sharedWith: [],
  retention: 'account_data',
  storage: 'sealed',
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
    // The inactivity clock (RT-4): when the member was told of the lock, and when it came.
    'accounts.customer.inactivity_notice_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['security'],
      readableBy: ['subject', 'compliance'],
      retention: 'inactive_accounts',
    }),
    'accounts.customer.locked_at': account({
      storage: 'plain',
      category: 'technical',
      purposes: ['security'],
      readableBy: ['subject', 'compliance'],
      retention: 'inactive_accounts',
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
    // The address book (DR-1): the member's own, for their next orders; nobody else reads it.
    'accounts.saved_address.recipient_name': book({ mask: 'name', label: 'a saved recipient’s name' }),
    'accounts.saved_address.street_line1': book({ mask: 'street', label: 'a saved street' }),
    'accounts.saved_address.street_line2': book({ mask: 'street', label: 'a saved second address line' }),
    'accounts.saved_address.city': book({ mask: 'text', label: 'a saved town' }),
    'accounts.saved_address.region': book({ mask: 'text', label: 'a saved region' }),
    'accounts.saved_address.postal_code': book({ mask: 'text', label: 'a saved postal code' }),
    'accounts.saved_address.phone': book({ mask: 'phone', label: 'a saved phone number' }),
    'accounts.saved_address.country_code': book({ storage: 'plain', label: 'a saved country' }),
    'accounts.saved_address.created_at': book({ storage: 'plain' }),
    // A change of e-mail address waiting for the new address to confirm it (DR-1).
    'accounts.email_change.email': account({
      storage: 'sealed',
      mask: 'email',
      purposes: ['login', 'transactional_email'],
      readableBy: ['subject'],
    }),
    'accounts.email_change.email_index': account({
      storage: 'blind_index',
      indexLabel: 'accounts.customer.email',
    }),
    'accounts.email_change.token_hash': account({ storage: 'one_way_hash', category: 'technical' }),
    'accounts.email_change.created_at': account({ storage: 'plain', readableBy: ['subject'] }),
    'accounts.email_change.expires_at': account({ storage: 'plain' }),
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
    'accounts.saved_address.customer_id': {
      subject: 'member',
      category: 'logistics',
      purposes: ['shopping'],
      retention: 'account_data',
    },
    'accounts.email_change.customer_id': {
      subject: 'member',
      category: 'account',
      purposes: ['login'],
      retention: 'account_data',
    },
    'accounts.policy_notice.customer_id': {
      subject: 'member',
      category: 'account',
      purposes: ['transactional_email'],
      retention: 'account_data',
    },
  },
});
