/** Payments (CK-1): the provider abstraction, the built-in test card processor, the payments ledger. */
import './payments.ctx.ts';
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
export {
  recordCharge,
  recordRefund,
  ledgerOf,
  refundOrder,
  refundPayment,
  refundableOf,
  type LedgerInput,
} from './ledger.ts';
export { paymentsModule } from './payments.module.ts';
