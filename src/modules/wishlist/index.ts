/** Wishlist (SF-5): products a member saved for later. */
export { saveToWishlist, removeFromWishlist, listWishlist, MAX_SAVED } from './wishlist.ts';
export { wishlistModule } from './wishlist.module.ts';
