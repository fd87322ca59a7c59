import { definePersonalData, type PersonalField } from '#modules/privacy';

const address = (purposes: string[]): PersonalField => ({
  category: 'logistics',
  purposes,
  readableBy: ['subject', 'warehouse', 'customer_service:masked', 'compliance'],
  sharedWith: ['carrier'],
  retention: 'order_personal_data',
  storage: 'sealed',
});

/**
 * Personal data the orders module stores (PV-1). Every value is sealed under the shopper's
 * subject key (the member's, or a guest subject created at checkout). The shipping country is not
 * declared: a country code alone identifies nobody, and shipping, customs and statistics need it.
 */
export const ordersPersonalData = definePersonalData({
  module: 'orders',
  subject: 'shopper',
  fields: {
    'orders.order.contact_email': {
      category: 'transaction',
      purposes: ['order_updates', 'guest_order_lookup', 'customer_service'],
      readableBy: ['subject', 'customer_service:masked', 'compliance'],
      sharedWith: [],
      retention: 'order_personal_data',
      storage: 'sealed',
    },
    'orders.order.contact_email_index': {
      category: 'transaction',
      purposes: ['guest_order_lookup'],
      readableBy: [],
      sharedWith: [],
      retention: 'order_personal_data',
      storage: 'blind_index',
    },
    'orders.shipping_address.recipient_name': address(['fulfilment', 'customer_service']),
    'orders.shipping_address.street_line1': address(['fulfilment']),
    'orders.shipping_address.street_line2': address(['fulfilment']),
    'orders.shipping_address.city': address(['fulfilment']),
    'orders.shipping_address.region': address(['fulfilment']),
    'orders.shipping_address.postal_code': address(['fulfilment']),
    'orders.shipping_address.phone': {
      ...address(['delivery_contact']),
      readableBy: ['subject', 'warehouse:masked', 'customer_service:masked', 'compliance'],
    },
  },
});
