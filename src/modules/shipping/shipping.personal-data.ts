import { definePersonalData, type PersonalField } from '#modules/privacy';

/** A fact about a parcel of an identified order: personal until the order is anonymised. */
const parcel = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'logistics',
  purposes: ['fulfilment', 'order_updates', 'customer_service'],
  readableBy: ['subject', 'warehouse', 'customer_service', 'compliance', 'owner'],
  sharedWith: [],
  retention: 'order_personal_data',
  storage: 'plain',
  ...field,
});

/**
 * What the shipping module stores about people's parcels (PV-1). The label the carrier sold shows
 * the recipient's name and address, so it is sealed under the order's subject key and only the
 * warehouse (which prints it), the shopper (a return label) and compliance open it. Tracking
 * numbers and scans are facts of the order's delivery; scan locations are the carrier's
 * facilities, never the address.
 */
export const shippingPersonalData = definePersonalData({
  module: 'shipping',
  subject: 'shopper',
  fields: {
    'shipping.shipment.label': parcel({
      storage: 'sealed',
      mask: 'text',
      purposes: ['fulfilment'],
      readableBy: ['subject', 'warehouse', 'compliance'],
    }),
    'shipping.shipment.tracking_number': parcel({ sharedWith: ['carrier', 'tracking_provider'] }),
    'shipping.shipment.label_id': parcel({ readableBy: ['warehouse', 'compliance'] }),
    'shipping.shipment.carrier': parcel(),
    'shipping.shipment.order_number': parcel({ sharedWith: ['carrier', 'tracking_provider'] }),
    'shipping.shipment.direction': parcel(),
    'shipping.shipment.status': parcel(),
    'shipping.shipment.weight_grams': parcel({ readableBy: ['warehouse', 'compliance', 'owner'] }),
    'shipping.shipment.customs': parcel({
      category: 'transaction',
      readableBy: ['warehouse', 'finance', 'compliance', 'owner'],
    }),
    'shipping.shipment.created_at': parcel(),
    'shipping.shipment.expected_by': parcel(),
    'shipping.shipment.delivered_at': parcel(),
    'shipping.shipment.late_since': parcel(),
    'shipping.shipment.tracking_registered_at': parcel({ readableBy: ['warehouse', 'compliance'] }),
    'shipping.shipment.created_by': parcel({ readableBy: ['warehouse', 'compliance', 'owner'] }),
    'shipping.tracking_event.provider_event_id': parcel({ readableBy: ['compliance'] }),
    'shipping.tracking_event.kind': parcel(),
    'shipping.tracking_event.occurred_at': parcel(),
    'shipping.tracking_event.received_at': parcel(),
    'shipping.tracking_event.location': parcel(),
    'shipping.tracking_event.detail': parcel(),
  },
  subjectLinks: {
    'shipping.shipment.subject_id': {
      subject: 'shopper',
      category: 'logistics',
      purposes: ['fulfilment'],
      retention: 'order_personal_data',
    },
  },
  notPersonal: {
    'shipping.shipment.order_id': 'names the order; the order itself is declared by orders',
    'shipping.shipment.return_id': 'names the return a return label belongs to',
    'shipping.tracking_event.shipment_id': 'names the parcel',
  },
});
