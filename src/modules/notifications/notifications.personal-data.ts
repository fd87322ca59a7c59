import { definePersonalData, type PersonalField } from '#modules/privacy';

const mail = (field: Partial<PersonalField> & Pick<PersonalField, 'storage'>): PersonalField => ({
  category: 'account',
  purposes: ['transactional_email'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'outbox_messages',
  ...field,
});

/** The e-mails waiting to be sent or sent (PV-1): to whom, what, when. */
export const notificationsPersonalData = definePersonalData({
  module: 'notifications',
  subject: 'shopper',
  fields: {
    'notifications.outbox.recipient': mail({ storage: 'sealed', mask: 'email' }),
    'notifications.outbox.body': mail({ storage: 'sealed', mask: 'text' }),
    'notifications.outbox.template': mail({ storage: 'plain' }),
    'notifications.outbox.created_at': mail({ storage: 'plain' }),
    'notifications.outbox.sent_at': mail({ storage: 'plain' }),
  },
  subjectLinks: {
    'notifications.outbox.subject_id': {
      subject: 'shopper',
      category: 'account',
      purposes: ['transactional_email'],
      retention: 'outbox_messages',
    },
  },
});
