/** Policy parameters every demo store shares (seeds 000, 001, 003 publish the same terms). */
export const commonTerms = {
  currency: 'USD' as const,
  processingDays: { min: 1, max: 3 },
  deliveryDays: { min: 6, max: 12 },
  freeShipping: { enabled: true, minimumOrderCents: 0, standardRateCents: 995 },
  returns: { windowDays: 60, freeReturnShipping: true },
  refundReviewWorkingDays: { min: 5, max: 10 },
  privacyPolicyVersion: '2026-01-15',
};
