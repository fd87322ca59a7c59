import { definePersonalData, type PersonalField } from '#modules/privacy';

const staffField = (field: Partial<PersonalField> & Pick<PersonalField, 'storage'>): PersonalField => ({
  category: 'account',
  purposes: ['login', 'security'],
  readableBy: [],
  sharedWith: [],
  retention: 'staff_accounts',
  ...field,
});

/**
 * Personal data about staff (SEC-3): their work e-mail and name, credentials and sign-in traces.
 * Sealed under the platform key (staff belong to no single store); the owner and compliance of a
 * store see who works there, masked.
 */
export const staffPersonalData = definePersonalData({
  module: 'staff',
  subject: 'staff',
  fields: {
    'staff.user.email': staffField({
      storage: 'sealed',
      mask: 'email',
      readableBy: ['subject', 'owner:masked', 'compliance:masked'],
    }),
    'staff.user.email_index': staffField({ storage: 'blind_index', indexLabel: 'staff.user.email' }),
    'staff.user.display_name': staffField({
      storage: 'sealed',
      mask: 'name',
      readableBy: ['subject', 'owner', 'compliance'],
    }),
    'staff.user.password_hash': staffField({ storage: 'one_way_hash' }),
    'staff.user.password_changed_at': staffField({ storage: 'plain', readableBy: ['subject'] }),
    'staff.user.totp_secret': staffField({ storage: 'sealed', category: 'technical' }),
    'staff.user.totp_enrolled_at': staffField({
      storage: 'plain',
      category: 'technical',
      readableBy: ['subject', 'owner', 'compliance'],
    }),
    'staff.user.totp_last_step': staffField({ storage: 'plain', category: 'technical' }),
    'staff.user.failed_logins': staffField({
      storage: 'plain',
      category: 'technical',
      readableBy: ['compliance'],
    }),
    'staff.user.locked_until': staffField({
      storage: 'plain',
      category: 'technical',
      readableBy: ['owner', 'compliance'],
    }),
    'staff.user.disabled_at': staffField({ storage: 'plain', readableBy: ['owner', 'compliance'] }),
    'staff.user.is_operator': staffField({ storage: 'plain', readableBy: ['compliance'] }),
    'staff.user.created_at': staffField({ storage: 'plain', readableBy: ['owner', 'compliance'] }),
    'staff.membership.role': staffField({ storage: 'plain', readableBy: ['subject', 'owner', 'compliance'] }),
    'staff.membership.created_at': staffField({ storage: 'plain', readableBy: ['owner', 'compliance'] }),
    'staff.session.token_hash': staffField({ storage: 'one_way_hash', category: 'technical' }),
    'staff.session.created_at': staffField({
      storage: 'plain',
      category: 'technical',
      readableBy: ['subject', 'compliance'],
    }),
    'staff.session.last_seen_at': staffField({ storage: 'plain', category: 'technical' }),
    'staff.session.expires_at': staffField({ storage: 'plain', category: 'technical' }),
    'staff.session.mfa_pending': staffField({ storage: 'plain', category: 'technical' }),
    'staff.password_history.password_hash': staffField({ storage: 'one_way_hash' }),
    'staff.password_history.created_at': staffField({ storage: 'plain' }),
    'staff.recovery_code.code_hash': staffField({ storage: 'one_way_hash', category: 'technical' }),
    'staff.recovery_code.used_at': staffField({
      storage: 'plain',
      category: 'technical',
      readableBy: ['compliance'],
    }),
  },
  subjectLinks: {
    'staff.membership.user_id': {
      subject: 'staff',
      category: 'account',
      purposes: ['login'],
      retention: 'staff_accounts',
    },
    'staff.session.user_id': {
      subject: 'staff',
      category: 'technical',
      purposes: ['security'],
      retention: 'staff_accounts',
    },
    'staff.password_history.user_id': {
      subject: 'staff',
      category: 'account',
      purposes: ['security'],
      retention: 'staff_accounts',
    },
    'staff.recovery_code.user_id': {
      subject: 'staff',
      category: 'technical',
      purposes: ['security'],
      retention: 'staff_accounts',
    },
    // The operator who posted a notice to the merchants (PL-3): accountability for what staff read.
    'staff.notice.posted_by': {
      subject: 'staff',
      category: 'technical',
      purposes: ['security'],
      retention: 'staff_accounts',
    },
  },
  notPersonal: {
    'staff.membership.tenant_id': 'names the store, not a person',
    'staff.notice.id': 'a notice id',
    'staff.notice.tenant_id': 'names the store, not a person',
    'staff.notice.kind': 'maintenance, service update or renewal: about the service',
    'staff.notice.title': 'a notice about the service, written by the platform operator',
    'staff.notice.body': 'a notice about the service, written by the platform operator',
    'staff.notice.starts_at': 'when the notice is shown',
    'staff.notice.ends_at': 'when the notice is no longer shown',
    'staff.notice.posted_at': 'when the notice was posted',
  },
});
