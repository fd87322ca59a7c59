/** Wishlist (SF-5): products a member saved for later. */
export { saveToWishlist, removeFromWishlist, listWishlist, MAX_SAVED } from './wishlist.ts';
export { wishlistApiRoutes } from './wishlist.routes.ts';
