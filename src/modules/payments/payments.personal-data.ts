import { definePersonalData, type PersonalField } from '#modules/privacy';

const ledger = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'transaction',
  purposes: ['payment', 'bookkeeping'],
  readableBy: ['finance', 'compliance', 'subject'],
  sharedWith: [],
  retention: 'payment_records',
  storage: 'plain',
  ...field,
});

/**
 * The payments ledger (PV-1): the charges and refunds of an identified order are personal until
 * the order is anonymised; the provider's reference is sealed and only finance opens it.
 */
export const paymentsPersonalData = definePersonalData({
  module: 'payments',
  subject: 'shopper',
  fields: {
    'payments.ledger_entry.provider_ref': ledger({
      storage: 'sealed',
      mask: 'reference',
      purposes: ['payment'],
      readableBy: ['finance', 'compliance:masked'],
      sharedWith: ['payment_provider'],
      label: 'the payment’s reference at the provider (for refunds)',
    }),
    'payments.ledger_entry.kind': ledger(),
    'payments.ledger_entry.amount_cents': ledger(),
    'payments.ledger_entry.currency': ledger(),
    'payments.ledger_entry.provider': ledger(),
    'payments.ledger_entry.created_at': ledger(),
    'payments.ledger_entry.idempotency_key': ledger({ category: 'technical', readableBy: [] }),
  },
  subjectLinks: {
    'payments.ledger_entry.subject_id': {
      subject: 'shopper',
      category: 'transaction',
      purposes: ['payment'],
      retention: 'payment_records',
    },
  },
  notPersonal: {
    'payments.ledger_entry.order_id': 'names the order; the order itself is declared by orders',
  },
});
