import { definePersonalData, type PersonalField } from '#modules/privacy';

/** A fact of a case about an identified order. */
const fact = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'after_sales',
  purposes: ['customer_service', 'order_updates'],
  readableBy: ['subject', 'customer_service', 'compliance', 'owner'],
  sharedWith: [],
  retention: 'order_personal_data',
  storage: 'plain',
  ...field,
});

/**
 * What customer service stores (PV-1): each case about an order and its messages. Messages are
 * the shopper's or staff's own words and are sealed; customer service reads the case at hand.
 */
export const supportPersonalData = definePersonalData({
  module: 'support',
  subject: 'shopper',
  fields: {
    'support.ticket_message.body': fact({
      storage: 'sealed',
      mask: 'text',
      purposes: ['customer_service'],
      readableBy: ['subject', 'customer_service', 'compliance'],
    }),
    'support.ticket_message.author': fact(),
    'support.ticket_message.at': fact(),
    'support.ticket.order_number': fact(),
    'support.ticket.topic': fact(),
    'support.ticket.status': fact(),
    'support.ticket.assigned_to': fact({ readableBy: ['customer_service', 'compliance', 'owner'] }),
    'support.ticket.opened_by': fact(),
    'support.ticket.created_at': fact(),
    'support.ticket.updated_at': fact(),
  },
  subjectLinks: {
    'support.ticket.subject_id': {
      subject: 'shopper',
      category: 'after_sales',
      purposes: ['customer_service'],
      retention: 'order_personal_data',
    },
    'support.ticket_message.subject_id': {
      subject: 'shopper',
      category: 'after_sales',
      purposes: ['customer_service'],
      retention: 'order_personal_data',
    },
  },
  notPersonal: {
    'support.ticket.order_id': 'names the order; the order itself is declared by orders',
    'support.ticket_message.ticket_id': 'names the case',
  },
});
