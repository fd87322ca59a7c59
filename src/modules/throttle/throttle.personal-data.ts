import { definePersonalData } from '#modules/privacy';

/**
 * The throttle stores no value anyone typed: scope and source (an e-mail's blind index, a client
 * address, a cart id) are kept only as keyed hashes, and only while their window lasts (PV-1).
 */
export const throttlePersonalData = definePersonalData({
  module: 'throttle',
  subject: 'shopper',
  fields: {
    'throttle.failure_window.scope_hash': {
      category: 'technical',
      purposes: ['security'],
      readableBy: [],
      sharedWith: [],
      retention: 'throttle_windows',
      storage: 'blind_index',
    },
    'throttle.failure_window.source_hash': {
      category: 'technical',
      purposes: ['security'],
      readableBy: [],
      sharedWith: [],
      retention: 'throttle_windows',
      storage: 'blind_index',
    },
  },
});
