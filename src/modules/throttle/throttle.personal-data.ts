import { definePersonalData, type PersonalField } from '#modules/privacy';

const counter = (): PersonalField => ({
  category: 'technical',
  purposes: ['security'],
  readableBy: [],
  sharedWith: [],
  retention: 'throttle_windows',
  storage: 'plain',
});

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
    'throttle.failure_window.failures': counter(),
    'throttle.failure_window.window_ends_at': counter(),
    'throttle.failure_window.blocked_until': counter(),
  },
  notPersonal: { 'throttle.failure_window.rule': 'names the throttle rule' },
  unlinkable:
    'rows hold only keyed hashes of what was typed and of client addresses, never a subject id; each row goes when its window ends',
});
