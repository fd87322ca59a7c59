import { definePersonalData } from '#modules/privacy';

/** Personal data the outbox stores (PV-1). */
export const notificationsPersonalData = definePersonalData({
  module: 'notifications',
  subject: 'member',
  fields: {
    'notifications.outbox.recipient': {
      category: 'account',
      purposes: ['transactional_email'],
      readableBy: ['subject', 'compliance'],
      sharedWith: [],
      retention: 'outbox_messages',
      storage: 'sealed',
    },
    'notifications.outbox.body': {
      category: 'account',
      purposes: ['transactional_email'],
      readableBy: ['subject', 'compliance'],
      sharedWith: [],
      retention: 'outbox_messages',
      storage: 'sealed',
    },
  },
});
