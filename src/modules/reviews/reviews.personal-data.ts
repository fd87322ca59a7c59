import { definePersonalData, type PersonalField } from '#modules/privacy';

const fact = (field: Partial<PersonalField> = {}): PersonalField => ({
  category: 'after_sales',
  purposes: ['reviews'],
  readableBy: ['subject', 'owner', 'compliance'],
  sharedWith: [],
  retention: 'order_personal_data',
  storage: 'plain',
  ...field,
});

/**
 * What the reviews module stores about people (PV-1). The text and name a shopper submits are
 * sealed; once the owner publishes a review, its text and display name are public on the
 * product page (the author chose to publish them), stored as shown, and erased with the review.
 */
export const reviewsPersonalData = definePersonalData({
  module: 'reviews',
  subject: 'shopper',
  fields: {
    'reviews.review.body': fact({ storage: 'sealed', mask: 'text' }),
    'reviews.review.display_name': fact({ storage: 'sealed', mask: 'name' }),
    'reviews.review.rating': fact(),
    'reviews.review.status': fact(),
    'reviews.review.created_at': fact(),
    'reviews.review.moderated_at': fact(),
    'reviews.review.moderated_by': fact({ readableBy: ['owner', 'compliance'] }),
    'reviews.review.published_body': fact({
      readableBy: [
        'subject',
        'owner',
        'compliance',
        'customer_service',
        'operations',
        'warehouse',
        'finance',
      ],
    }),
    'reviews.review.published_name': fact({
      readableBy: [
        'subject',
        'owner',
        'compliance',
        'customer_service',
        'operations',
        'warehouse',
        'finance',
      ],
    }),
  },
  subjectLinks: {
    'reviews.review.subject_id': {
      subject: 'shopper',
      category: 'after_sales',
      purposes: ['reviews'],
      retention: 'order_personal_data',
    },
  },
  notPersonal: {
    'reviews.review.product_id': 'names the product reviewed',
    'reviews.review.order_id': 'names the order that makes the reviewer a verified buyer',
  },
});
