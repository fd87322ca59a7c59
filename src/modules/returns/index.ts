/** Returns and refunds (CK-5): returns within the window, free labels, receipt, the review clock, refunds. */
export { requestReturn, returnWindowEnds, RETURN_NOTE_MAX, type ReturnInput } from './request-return.ts';
export { receiveReturn, markReturnReceived } from './receive-return.ts';
export { refundReturn, rejectReturn } from './decide-refund.ts';
export {
  returnsOfOrder,
  recentReturns,
  returnForStaff,
  isReturnOfOrder,
  type ReturnView,
} from './return-views.ts';
export { watchRefundReviews } from './watch-reviews.ts';
export {
  RETURN_REASONS,
  RETURN_STATUS_LABELS,
  RETURN_TRANSITIONS,
  type ReturnReason,
  type ReturnStatus,
} from './return-status.ts';
export { returnJson } from './returns.routes.ts';
export { returnsPersonalData } from './returns.personal-data.ts';
export { returnsModule } from './returns.module.ts';
export type { ReturnLine } from './returns.schema.ts';
export { returnRate, type ReturnRate } from './return-rate.ts';
