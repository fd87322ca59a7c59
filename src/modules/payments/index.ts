/** Payments (CK-1): the provider abstraction and the built-in test card processor. */
export {
  CardRejected,
  PaymentProviderError,
  type PaymentProvider,
  type CardDetails,
  type CardToken,
  type CardBrand,
  type ChargeRequest,
  type ChargeOutcome,
  type DeclineCode,
  type RefundRequest,
  type Refund,
  type CardRejectionCode,
} from './payment-provider.ts';
export {
  TestCardProcessor,
  DECLINING_TEST_CARDS,
  APPROVED_TEST_CARD,
  passesLuhn,
} from './test-card-processor.ts';
