import { definePersonalData, type PersonalField } from '#modules/privacy';

const technical = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'technical',
  purposes: ['payment'],
  readableBy: [],
  sharedWith: [],
  retention: 'checkout_submissions',
  storage: 'plain',
  ...field,
});

/** A checkout submission, kept a day (PV-1): who submitted (hashed), when, how far it got. */
export const checkoutPersonalData = definePersonalData({
  module: 'checkout',
  subject: 'shopper',
  fields: {
    'checkout.submission.request_hash': technical({ storage: 'one_way_hash' }),
    'checkout.submission.idempotency_key': technical(),
    'checkout.submission.state': technical(),
    'checkout.submission.created_at': technical(),
    'checkout.submission.updated_at': technical(),
  },
  notPersonal: {
    'checkout.submission.cart_id': 'names the cart that was checked out',
    'checkout.submission.order_id': 'names the order it made',
  },
});
