/** Orders: checkout, order numbers and statuses, confirmation, history and guest lookup (CK-1, CK-2). */
export type { OrdersCtx } from './orders-ctx.ts';
export { ACCESS_GRANT_HOURS } from './orders-ctx.ts';
export { validateCheckout, type CheckoutInput, type AddressInput } from './checkout-input.ts';
export { placeOrder, submitCheckout, type PlacedOrder, type InTransaction } from './place-order.ts';
export {
  viewOrder,
  lookUpOrder,
  listMemberOrders,
  type OrderView,
  type OrderViewer,
  type OrderSummary,
} from './view-order.ts';
export { changeOrderStatus, cancelOrder, type StatusActor } from './change-order-status.ts';
export { ORDER_TRANSITIONS, STATUS_LABELS, assertTransition, type OrderStatus } from './order-status.ts';
export { newOrderNumber, normaliseOrderNumber } from './order-number.ts';
export { ordersPersonalData } from './orders.personal-data.ts';
export { ordersApiRoutes } from './orders.routes.ts';
