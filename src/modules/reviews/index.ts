/** Reviews (SF-6): verified purchasers review delivered products; the owner moderates. */
export {
  submitReview,
  pendingReviews,
  moderateReview,
  publishedReviews,
  reviewedProductsOf,
  eraseReviews,
  GUEST_REVIEWER,
  REVIEW_MAX,
  type ReviewForModeration,
} from './reviews.ts';
export { reviewsPersonalData } from './reviews.personal-data.ts';
export { reviewsModule } from './reviews.module.ts';
