import { definePersonalData } from '#modules/privacy';

/** What a member saved for later (SF-5 "commodity collection"), and when (PV-1). */
export const wishlistPersonalData = definePersonalData({
  module: 'wishlist',
  subject: 'member',
  fields: {
    'wishlist.saved_item.product_id': {
      category: 'browsing',
      purposes: ['shopping'],
      readableBy: ['subject', 'compliance'],
      sharedWith: [],
      retention: 'wishlists',
      storage: 'plain',
    },
    'wishlist.saved_item.saved_at': {
      category: 'browsing',
      purposes: ['shopping'],
      readableBy: ['subject', 'compliance'],
      sharedWith: [],
      retention: 'wishlists',
      storage: 'plain',
    },
  },
  subjectLinks: {
    'wishlist.saved_item.customer_id': {
      subject: 'member',
      category: 'browsing',
      purposes: ['shopping'],
      retention: 'wishlists',
    },
  },
});
