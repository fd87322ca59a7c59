import { conflict } from '#platform/errors.ts';

/** What a request asks (DR-3..8, CN-1). */
export const REQUEST_KINDS = {
  export: 'A copy of my data',
  history_deletion: 'Delete my history',
  erasure: 'Cancel my account and erase my data',
  restriction: 'Restrict the processing of my data',
  objection: 'Object to the processing of my data',
  consent_withdrawal: 'Withdraw my consent',
  rectification: 'Correct my data',
  complaint: 'A complaint about how my data is handled',
  question: 'A question about my data',
} as const;
export type RequestKind = keyof typeof REQUEST_KINDS;

/** The kinds a requester writes to the store about (handled by compliance, with a reply). */
export const WRITTEN_KINDS = ['rectification', 'complaint', 'question', 'objection'] as const;
export type WrittenKind = (typeof WRITTEN_KINDS)[number];

/** Where a request is. */
export type RequestStatus = 'received' | 'in_progress' | 'completed' | 'refused';

/** THE transition table of a request. */
export const REQUEST_TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['in_progress', 'completed', 'refused'],
  in_progress: ['completed', 'refused'],
  completed: [],
  refused: [],
};

/** What requesters and staff read for each status. */
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  received: 'Received',
  in_progress: 'Being handled',
  completed: 'Done',
  refused: 'Refused, with the reason',
};

/** Whether a request is still open (its clock runs). */
export const isOpen = (status: string): boolean => status === 'received' || status === 'in_progress';

/** Throws a conflict when a request may not move from one status to the other. */
export function assertRequestTransition(from: RequestStatus, to: RequestStatus): void {
  if (from !== to && !REQUEST_TRANSITIONS[from].includes(to))
    throw conflict(`a request that is '${from}' cannot become '${to}'`);
}
