import { definePersonalData, type PersonalField } from '#modules/privacy';

const mail = (field: Partial<PersonalField> & Pick<PersonalField, 'storage'>): PersonalField => ({
  category: 'account',
  purposes: ['transactional_email'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'outbox_messages',
  ...field,
});

/**
 * The e-mails waiting to be sent or sent (PV-1): to whom, what, when. Recipient, body and template
 * go to the store's registered e-mail relay, through the sharing gate.
 */
export const notificationsPersonalData = definePersonalData({
  module: 'notifications',
  subject: 'shopper',
  fields: {
    'notifications.outbox.recipient': mail({
      storage: 'sealed',
      mask: 'email',
      sharedWith: ['email_relay'],
      label: 'your e-mail address',
    }),
    'notifications.outbox.body': mail({
      storage: 'sealed',
      mask: 'text',
      sharedWith: ['email_relay'],
      label: 'the e-mail’s text',
    }),
    'notifications.outbox.template': mail({
      storage: 'plain',
      sharedWith: ['email_relay'],
      label: 'which e-mail it is',
    }),
    'notifications.outbox.created_at': mail({ storage: 'plain' }),
    'notifications.outbox.sent_at': mail({ storage: 'plain' }),
    'notifications.outbox.attempts': mail({ storage: 'plain' }),
    'notifications.outbox.next_attempt_at': mail({ storage: 'plain' }),
    'notifications.outbox.last_error': mail({ storage: 'plain' }),
    'notifications.outbox.failed_at': mail({ storage: 'plain' }),
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
