/** Checkout (CK-1): the cart becomes an order, paid through the provider, in three steps. */
export {
  submitCheckout,
  completePaidCheckout,
  abandonCheckout,
  DECLINES_PER_CART,
  DECLINES_PER_SOURCE,
  type PlacedOrder,
  type InTransaction,
} from './place-order.ts';
export {
  validateCheckout,
  IDEMPOTENCY_KEY,
  type CheckoutInput,
  type AddressInput,
} from './checkout-input.ts';
export { recoverStaleCheckouts, STALE_CHARGING_MINUTES } from './recover.ts';
export { checkoutModule } from './checkout.module.ts';
