import { definePersonalData } from '#modules/privacy';

/** Personal data the accounts module stores (PV-1). */
export const accountsPersonalData = definePersonalData({
  module: 'accounts',
  subject: 'member',
  fields: {
    'accounts.customer.email': {
      category: 'account',
      purposes: ['login', 'order_updates', 'password_reset'],
      readableBy: ['subject', 'customer_service:masked', 'compliance'],
      sharedWith: [],
      retention: 'account_data',
      storage: 'sealed',
    },
    'accounts.customer.email_index': {
      category: 'account',
      purposes: ['login'],
      readableBy: [],
      sharedWith: [],
      retention: 'account_data',
      storage: 'blind_index',
    },
    'accounts.customer.nickname': {
      category: 'account',
      purposes: ['greeting', 'customer_service'],
      readableBy: ['subject', 'customer_service', 'compliance'],
      sharedWith: [],
      retention: 'account_data',
      storage: 'sealed',
    },
    'accounts.customer.password_hash': {
      category: 'account',
      purposes: ['login'],
      readableBy: [],
      sharedWith: [],
      retention: 'account_data',
      storage: 'one_way_hash',
    },
    'accounts.pending_registration.email': {
      category: 'account',
      purposes: ['registration'],
      readableBy: ['subject'],
      sharedWith: [],
      retention: 'pending_registrations',
      storage: 'sealed',
    },
    'accounts.pending_registration.email_index': {
      category: 'account',
      purposes: ['registration'],
      readableBy: [],
      sharedWith: [],
      retention: 'pending_registrations',
      storage: 'blind_index',
    },
    'accounts.pending_registration.nickname': {
      category: 'account',
      purposes: ['registration'],
      readableBy: ['subject'],
      sharedWith: [],
      retention: 'pending_registrations',
      storage: 'sealed',
    },
    'accounts.pending_registration.password_hash': {
      category: 'account',
      purposes: ['registration'],
      readableBy: [],
      sharedWith: [],
      retention: 'pending_registrations',
      storage: 'one_way_hash',
    },
  },
});
