import { conflict } from '#platform/errors.ts';

/** Where a return is. */
export type ReturnStatus = 'requested' | 'received' | 'refunded' | 'partially_refunded' | 'rejected';

/** THE transition table of a return: every change goes through `assertReturnTransition`. */
export const RETURN_TRANSITIONS: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['received'],
  received: ['refunded', 'partially_refunded', 'rejected'],
  refunded: [],
  partially_refunded: [],
  rejected: [],
};

/** What shoppers and staff read for each status. */
export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  requested: 'Return label issued — waiting for the parcel',
  received: 'Received — refund under review',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
  rejected: 'Refund refused',
};

/** Why a shopper sends something back (a closed list: free text goes in the note). */
export const RETURN_REASONS = {
  changed_mind: 'I changed my mind',
  wrong_size: 'Wrong size or fit',
  damaged: 'It arrived damaged',
  not_as_described: 'Not as described',
  arrived_late: 'It arrived too late',
  other: 'Another reason',
} as const;
export type ReturnReason = keyof typeof RETURN_REASONS;

/** Throws a conflict when a return may not move from one status to the other. */
export function assertReturnTransition(from: ReturnStatus, to: ReturnStatus): void {
  if (!RETURN_TRANSITIONS[from].includes(to))
    throw conflict(`a return that is '${from}' cannot become '${to}'`);
}
