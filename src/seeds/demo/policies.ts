/** What every demo store says each purpose means (shown on its privacy page). */
export const demoPurposes = {
  login: 'To let you sign in to your account and keep you signed in.',
  registration: 'To create your account once you confirm your e-mail address.',
  order_updates: 'To tell you about your orders: confirmation, dispatch, delivery.',
  order_lookup: 'To let you find a guest order again with its number and your e-mail address.',
  delivery_contact: 'To reach you about a delivery, when you give a phone number.',
  password_reset: 'To send you a link when you ask to choose a new password.',
  greeting: 'To greet you by the nickname you chose.',
  customer_service: 'To answer you when you contact us about an order.',
  fulfilment: 'To pack and send your parcel.',
  payment: 'To take payment and give refunds through our payment provider.',
  bookkeeping: 'To keep the accounts the law requires, without your name or address.',
  transactional_email: 'To send the e-mails you asked for or need for an order.',
  security: 'To slow down password guessing and card testing.',
  shopping: 'To keep your cart and wishlist between visits.',
  reviews: 'To show the review you chose to publish, with your nickname only, once the store approved it.',
  privacy_requests:
    'To carry out and answer what you ask about your data, and your complaints, and to keep proof that we did.',
  personalisation:
    'Only if you turn it on: to suggest products matched to what you looked at, from your own browsing in this store.',
  legal_claims:
    'Only when a court, an authority or a legal dispute requires it: to keep what it names, locked apart and opened only by our compliance officer, until the hold ends.',
};

/** The demo stores' retention rules (RT-1): when each kind of data goes, and how. */
export const demoRetention = {
  account_data: { after: 'account_closed', days: 0, then: 'erase' },
  pending_registrations: { after: 'expired', days: 0, then: 'delete' },
  sessions: { after: 'expired', days: 0, then: 'delete' },
  reset_tokens: { after: 'expired', days: 0, then: 'delete' },
  carts: { after: 'expired', days: 0, then: 'delete' },
  wishlists: { after: 'account_closed', days: 0, then: 'delete' },
  order_personal_data: { after: 'order_closed', days: 0, then: 'anonymise' },
  access_grants: { after: 'expired', days: 0, then: 'delete' },
  checkout_submissions: { after: 'created', days: 1, then: 'delete' },
  payment_records: { after: 'order_closed', days: 0, then: 'anonymise' },
  outbox_messages: { after: 'sent', days: 30, then: 'delete' },
  throttle_windows: { after: 'expired', days: 0, then: 'delete' },
  erasure_records: { after: 'created', days: 3650, then: 'delete' },
  staff_accounts: { after: 'account_closed', days: 365, then: 'erase' },
  audit_log: { after: 'created', days: 2190, then: 'delete' },
  privacy_requests: { after: 'created', days: 1095, then: 'delete' },
  browsing_history: { after: 'created', days: 90, then: 'delete' },
  consent_records: { after: 'created', days: 1095, then: 'delete' },
  marketplace_buyer_data: { after: 'delivered', days: 30, then: 'anonymise' },
  inactive_accounts: {
    after: 'last_login',
    days: 730,
    then: 'lock_then_erase',
    noticeDays: 30,
    eraseAfterDays: 365,
  },
} as const;

/** Policy parameters every demo store shares (seeds 000, 001, 003 publish the same terms). */
export const commonTerms = {
  currency: 'USD' as const,
  mainMarket: 'US',
  processingDays: { min: 1, max: 3 },
  deliveryDays: { min: 6, max: 12 },
  freeShipping: { enabled: true, minimumOrderCents: 0, standardRateCents: 995 },
  returns: { windowDays: 60, freeReturnShipping: true },
  refundReviewWorkingDays: { min: 5, max: 10 },
  policyVersions: [
    { version: '2026-01-15', effectiveOn: '2026-01-15', summary: ['First published.'] },
    {
      version: '2026-12-07',
      effectiveOn: '2026-12-07',
      summary: [
        'Staff: each role sees only what its job needs, customer service reveals a detail only with a recorded reason, and every read of your details by staff or our systems is written to a tamper-evident log.',
        'Who receives your details is now listed by name from the store’s register, and nothing else is sent to them; each share is recorded.',
        'The carrier gets your name, delivery address and phone (and, abroad, a customs declaration of the goods); the tracking provider only the tracking and order numbers; e-mails go out through a mail relay.',
        'Each detail now says how it is stored (encrypted, kept as a keyed hash, or as is).',
      ],
    },
  ],
  timeZone: 'America/New_York',
  holidays: ['2026-11-26', '2026-12-25', '2027-01-01', '2027-05-31', '2027-07-05', '2027-09-06'],
  purposes: demoPurposes,
  retention: demoRetention,
};
