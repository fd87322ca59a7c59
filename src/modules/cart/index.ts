/** Cart (SF-5): anonymous and member carts with stock checks, server-side totals, merge on log-in. */
export { CART_DAYS, MAX_UNITS_PER_LINE, type CartOwner } from './cart-rules.ts';
export {
  openCart,
  findCart,
  findGuestCart,
  createGuestCart,
  cartOwnerOf,
  takeCartForCheckout,
  closeCart,
  hashCartToken,
  cartUnits,
} from './open-cart.ts';
export { addToCart, setCartQuantity, removeFromCart } from './change-cart.ts';
export { viewCart, type CartView, type CartLineView } from './view-cart.ts';
export { mergeCartOnLogIn } from './merge-carts.ts';
export { CartTokenHeaders, CartOwnerHeaders, CartJson } from './cart.routes.ts';
export { cartModule } from './cart.module.ts';
