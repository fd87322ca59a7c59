/** Orders (CK-2): orders from every channel, their statuses, guest access, lookup and history. */
export {
  createOrder,
  orderPlacedPayload,
  type NewOrder,
  type OrderAddress,
  type OrderLineInput,
  type CreatedOrder,
} from './create-order.ts';
export {
  viewOrder,
  lookUpOrder,
  listMemberOrders,
  orderForSystem,
  orderFacts,
  orderConfirmationFacts,
  assembleOrderView,
  type OrderView,
  type OrderSummary,
} from './view-order.ts';
export { changeOrderStatus, markOrderPaid, discardUnpaidOrder, cancelOrder } from './change-order-status.ts';
export { type OrderStatus, ORDER_TRANSITIONS, STATUS_LABELS, assertTransition } from './order-status.ts';
export { ACCESS_GRANT_HOURS, grantAccess } from './access-grant.ts';
export { normaliseOrderNumber } from './order-number.ts';
export { orderToJson, OrderJson, OrderWithAccess, OrderAccessHeaders } from './orders.routes.ts';
export { ordersPersonalData } from './orders.personal-data.ts';
export { ordersModule } from './orders.module.ts';
export {
  listOrdersForStaff,
  orderForStaff,
  packingQueue,
  type PackingQueueEntry,
  ordersByEmailForStaff,
  unmaskOrderField,
  UNMASKABLE_ORDER_FIELDS,
  type StaffOrderView,
  type UnmaskableOrderField,
} from './staff-order-views.ts';
export { salesReport, type SalesReport } from './sales-reports.ts';
export { changeShippingAddress, addressChangeable } from './change-shipping-address.ts';
export { startPacking } from './start-packing.ts';
export { placedOrder } from './placed-order.ts';
export { guestOrderSubjects, type GuestOrderSubjects } from './guest-subjects.ts';
export { subjectsOfOrderNumber } from './order-subjects.ts';
export {
  orderForParcel,
  markOrderShipped,
  markOrderDelivered,
  ordersOfChannel,
  type ParcelFacts,
} from './parcel-facts.ts';
export { serviceLevels, deliveredSince, type ServiceLevel } from './service-levels.ts';
