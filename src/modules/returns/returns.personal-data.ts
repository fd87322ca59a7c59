import { definePersonalData, type PersonalField } from '#modules/privacy';

/** A fact of a return of an identified order: personal until the order is anonymised. */
const fact = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'after_sales',
  purposes: ['customer_service', 'payment', 'bookkeeping', 'order_updates'],
  readableBy: ['subject', 'warehouse', 'customer_service', 'finance', 'compliance', 'owner'],
  sharedWith: [],
  retention: 'order_personal_data',
  storage: 'plain',
  ...field,
});

/**
 * What the returns module stores about people (PV-1): each return of an order, its lines and
 * amounts, its steps, and the shopper's own words about it (sealed).
 */
export const returnsPersonalData = definePersonalData({
  module: 'returns',
  subject: 'shopper',
  fields: {
    'returns.return_request.note': fact({
      storage: 'sealed',
      mask: 'text',
      purposes: ['customer_service'],
      readableBy: ['subject', 'customer_service', 'compliance'],
    }),
    'returns.return_request.order_number': fact(),
    'returns.return_request.status': fact(),
    'returns.return_request.reason': fact(),
    'returns.return_request.lines': fact(),
    'returns.return_request.value_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'returns.return_request.currency': fact(),
    'returns.return_request.requested_at': fact(),
    'returns.return_request.requested_by': fact({ readableBy: ['customer_service', 'compliance', 'owner'] }),
    'returns.return_request.received_at': fact(),
    'returns.return_request.review_due_by': fact(),
    'returns.return_request.review_late_since': fact(),
    'returns.return_request.decided_at': fact(),
    'returns.return_request.decided_by': fact({
      readableBy: ['customer_service', 'finance', 'compliance', 'owner'],
    }),
    'returns.return_request.refunded_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'returns.return_request.rejection_reason': fact(),
  },
  subjectLinks: {
    'returns.return_request.subject_id': {
      subject: 'shopper',
      category: 'after_sales',
      purposes: ['customer_service'],
      retention: 'order_personal_data',
    },
  },
  notPersonal: {
    'returns.return_request.order_id': 'names the order; the order itself is declared by orders',
  },
});
