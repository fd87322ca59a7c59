/** Days an untouched cart lives; every change extends it. */
export const CART_DAYS = 30;
/** The most units of one variant a cart may hold. */
export const MAX_UNITS_PER_LINE = 20;

/** Who a cart belongs to: an anonymous browser (its cookie token) or a signed-in member. */
export type CartOwner = { kind: 'anonymous'; token: string } | { kind: 'member'; customerId: string };
