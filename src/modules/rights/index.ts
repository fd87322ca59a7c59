/** Shoppers' rights: requests with clocks, guest verification, complaints, the compliance queue. */
export { rightsModule } from './rights.module.ts';
export { rightsPersonalData } from './rights.personal-data.ts';
export { requesterOf, RIGHTS_COOKIE } from './rights.routes.ts';
export { cancelAccount } from './cancel-account.ts';
export { deleteHistory, finishHistoryDeletions } from './delete-history.ts';
export { exportMyData, exportZip, toCsv } from './export-my-data.ts';
export {
  startGuestVerification,
  newVerificationId,
  confirmGuestVerification,
  guestOfToken,
  endGuestToken,
  CODE_MINUTES,
  TOKEN_MINUTES,
} from './guest-verification.ts';
export { myRequests, writeRequest, eraseGuest } from './my-requests.ts';
export { restrictMyData, liftMyRestriction, myRestriction, withdrawConsent } from './restrict-processing.ts';
export {
  requestQueue,
  requestForStaff,
  assignRequest,
  answerRequest,
  escalateOverdue,
  type RequestSummary,
  type RequestDetail,
} from './handle-requests.ts';
export { requestClock, type RequestClock } from './request-clock.ts';
export {
  REQUEST_KINDS,
  WRITTEN_KINDS,
  REQUEST_STATUS_LABELS,
  type RequestKind,
  type WrittenKind,
} from './request-status.ts';
export { memberRequester, actorFor, subjectsOf, type Requester } from './requester.ts';
export { MESSAGE_MAX, type OpenedRequest } from './open-request.ts';
export {
  personalisationFor,
  choosePersonalisation,
  signalsOf,
  type Personalisation,
  type PrivacySignals,
} from './consent-state.ts';
export { recommendationsFor } from './recommendations.ts';
export { placeHold, holdTargetOf, type HoldTarget } from './place-hold.ts';
export { HoldBasisField, HoldReasonField } from './legal-hold.routes.ts';
