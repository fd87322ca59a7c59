import { definePersonalData, type PersonalField } from '#modules/privacy';

const shopping = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'browsing',
  purposes: ['shopping'],
  readableBy: ['subject', 'compliance'],
  sharedWith: [],
  retention: 'carts',
  storage: 'plain',
  ...field,
});

/**
 * What the cart module keeps about a shopper (PV-1): what is in their cart now and when it changed
 * (no add/remove history, SF-5). A member's cart names the member; a visitor's only the hash of
 * the random token in their cookie.
 */
export const cartPersonalData = definePersonalData({
  module: 'cart',
  subject: 'shopper',
  fields: {
    'cart.cart.token_hash': shopping({ storage: 'one_way_hash', category: 'technical', readableBy: [] }),
    'cart.cart.created_at': shopping(),
    'cart.cart.updated_at': shopping(),
    'cart.cart.expires_at': shopping({ readableBy: [] }),
    'cart.cart_line.variant_id': shopping(),
    'cart.cart_line.quantity': shopping(),
    'cart.cart_line.added_at': shopping(),
  },
  subjectLinks: {
    'cart.cart.customer_id': {
      subject: 'member',
      category: 'browsing',
      purposes: ['shopping'],
      retention: 'carts',
    },
  },
  notPersonal: { 'cart.cart_line.cart_id': 'names the cart the line belongs to' },
});
