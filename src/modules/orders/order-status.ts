import { conflict } from '#platform/errors.ts';

/**
 * The life of an order. A storefront order is created `awaiting_payment` (stock taken), becomes
 * `paid` once the charge is recorded, or is discarded when the card is declined; a marketplace
 * order arrives `paid`.
 */
export type OrderStatus = 'awaiting_payment' | 'paid' | 'processing' | 'shipped' | 'delivered' | 'cancelled';

/** THE transition table: every status change goes through `assertTransition`. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  awaiting_payment: ['paid'],
  paid: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** What shoppers read for each status. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: 'Waiting for the payment',
  paid: 'Paid — waiting to be packed',
  processing: 'Being packed',
  shipped: 'On its way',
  delivered: 'Delivered',
  cancelled: 'Cancelled and refunded',
};

/** Throws a conflict when an order may not move from one status to the other. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!ORDER_TRANSITIONS[from].includes(to)) {
    throw conflict(`an order that is '${from}' cannot become '${to}'`);
  }
}
