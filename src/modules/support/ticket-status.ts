import { conflict } from '#platform/errors.ts';

/** Where a case is: waiting for staff, answered (waiting for the shopper), or closed. */
export type TicketStatus = 'open' | 'answered' | 'closed';

/** THE transition table of a case. A shopper's message reopens an answered or closed case. */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['answered', 'closed'],
  answered: ['open', 'closed'],
  closed: ['open'],
};

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  open: 'Waiting for customer service',
  answered: 'Answered',
  closed: 'Closed',
};

/** What a case is about. */
export const TICKET_TOPICS = {
  question: 'A question about the order',
  logistics: 'Delivery problem',
  return: 'A return or refund',
  other: 'Something else',
} as const;
export type TicketTopic = keyof typeof TICKET_TOPICS;

/** Throws a conflict when a case may not move from one status to the other. */
export function assertTicketTransition(from: TicketStatus, to: TicketStatus): void {
  if (from !== to && !TICKET_TRANSITIONS[from].includes(to))
    throw conflict(`a case that is '${from}' cannot become '${to}'`);
}
