import { definePersonalData, type PersonalField } from '#modules/privacy';

const address = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'logistics',
  purposes: ['fulfilment', 'customer_service', 'order_updates'],
  readableBy: ['subject', 'warehouse', 'customer_service:masked', 'compliance'],
  sharedWith: ['carrier'],
  retention: 'order_personal_data',
  storage: 'sealed',
  mask: 'street',
  ...field,
});

/** A fact of an identified order: what was bought, for how much, when. */
const fact = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'transaction',
  purposes: ['fulfilment', 'customer_service', 'bookkeeping', 'order_updates'],
  readableBy: ['subject', 'warehouse', 'customer_service', 'finance', 'compliance', 'owner'],
  sharedWith: [],
  retention: 'order_personal_data',
  storage: 'plain',
  ...field,
});

/**
 * Personal data the orders module stores (PV-1). Every value a shopper typed is sealed under their
 * subject key (the member's, or a new subject per guest order); an identified order's facts
 * (items, amounts, dates, statuses) are personal too, until the order is anonymised (RT-2), after
 * which they are bookkeeping about nobody.
 */
export const ordersPersonalData = definePersonalData({
  module: 'orders',
  subject: 'shopper',
  fields: {
    'orders.order.contact_email': {
      category: 'transaction',
      purposes: ['order_updates', 'order_lookup', 'customer_service', 'transactional_email'],
      readableBy: ['subject', 'customer_service:masked', 'compliance'],
      sharedWith: [],
      retention: 'order_personal_data',
      storage: 'sealed',
      mask: 'email',
    },
    'orders.order.contact_email_index': {
      category: 'transaction',
      purposes: ['order_lookup'],
      readableBy: [],
      sharedWith: [],
      retention: 'order_personal_data',
      storage: 'blind_index',
      indexLabel: 'orders.order.contact_email',
    },
    'orders.order.number': fact(),
    'orders.order.channel': fact(),
    'orders.order.external_ref': fact({ readableBy: ['customer_service', 'finance', 'compliance', 'owner'] }),
    'orders.order.status': fact(),
    'orders.order.currency': fact(),
    'orders.order.subtotal_was_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'orders.order.subtotal_now_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'orders.order.shipping_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'orders.order.total_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'orders.order.privacy_policy_version': fact({
      category: 'account',
      readableBy: ['subject', 'compliance'],
    }),
    'orders.order.policy_accepted_at': fact({ category: 'account', readableBy: ['subject', 'compliance'] }),
    'orders.order.placed_at': fact(),
    // Emptied at start-up into the sealed payments ledger (see move-legacy-charges.ts), then dropped.
    'orders.order.payment_provider': fact({ readableBy: ['finance'], purposes: ['payment'] }),
    'orders.order.payment_charge_id': fact({ readableBy: ['finance'], purposes: ['payment'] }),
    'orders.order.updated_at': fact(),
    'orders.order_line.variant_id': fact(),
    'orders.order_line.product_id': fact(),
    'orders.order_line.sku': fact(),
    'orders.order_line.product_name': fact(),
    'orders.order_line.variant_title': fact(),
    'orders.order_line.quantity': fact(),
    'orders.order_line.unit_was_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'orders.order_line.unit_now_cents': fact({
      readableBy: ['subject', 'customer_service', 'finance', 'compliance', 'owner'],
    }),
    'orders.order_line.campaign_slug': fact({ readableBy: ['finance', 'compliance', 'owner'] }),
    'orders.shipping_address.recipient_name': address({
      mask: 'name',
      label: 'the recipient’s name',
      purposes: ['fulfilment', 'customer_service', 'order_updates'],
    }),
    'orders.shipping_address.street_line1': address({ label: 'street' }),
    'orders.shipping_address.street_line2': address({ label: 'second address line' }),
    'orders.shipping_address.city': address({ mask: 'text', label: 'town' }),
    'orders.shipping_address.region': address({ mask: 'text', label: 'region' }),
    'orders.shipping_address.postal_code': address({ mask: 'text', label: 'postal code' }),
    'orders.shipping_address.country_code': address({
      storage: 'plain',
      label: 'country',
      readableBy: [
        'subject',
        'warehouse',
        'customer_service',
        'finance',
        'operations',
        'compliance',
        'owner',
      ],
    }),
    'orders.shipping_address.phone': address({
      mask: 'phone',
      label: 'phone number',
      purposes: ['delivery_contact', 'order_updates', 'customer_service'],
      readableBy: ['subject', 'warehouse:masked', 'customer_service:masked', 'compliance'],
    }),
    'orders.status_change.at': fact(),
    'orders.status_change.from_status': fact(),
    'orders.status_change.to_status': fact(),
    'orders.status_change.actor': fact({ readableBy: ['customer_service', 'compliance', 'owner'] }),
    'orders.access_grant.token_hash': fact({
      storage: 'one_way_hash',
      category: 'technical',
      readableBy: [],
      retention: 'access_grants',
    }),
    'orders.access_grant.expires_at': fact({
      category: 'technical',
      readableBy: [],
      retention: 'access_grants',
    }),
  },
  subjectLinks: {
    'orders.order.customer_id': {
      subject: 'member',
      category: 'transaction',
      purposes: ['order_updates', 'customer_service'],
      retention: 'order_personal_data',
    },
    'orders.order.subject_id': {
      subject: 'shopper',
      category: 'transaction',
      purposes: ['order_updates', 'customer_service'],
      retention: 'order_personal_data',
    },
  },
  notPersonal: {
    'orders.order_line.order_id': 'names the order the line belongs to',
    'orders.order_line.position': 'the line’s place in the order',
    'orders.shipping_address.order_id': 'names the order',
    'orders.status_change.order_id': 'names the order',
    'orders.access_grant.order_id': 'names the order',
  },
});
