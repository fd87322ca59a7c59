/** Accounts: member registration, log-in with throttling, sessions (SF-7). Pages and routes: see README. */
export { SESSION_DAYS } from './account-rules.ts';
export {
  registerCustomer,
  checkRegistration,
  confirmRegistration,
  CONFIRM_HOURS,
  type RegisterInput,
  type Confirmation,
} from './register-customer.ts';
export { createCustomer, type NewCustomer } from './create-customer.ts';
export {
  logIn,
  logOut,
  startSession,
  hashSessionToken,
  LOG_IN_THROTTLE,
  type LogInResult,
} from './log-in.ts';
export { customerOfSession, readOwnProfile, readProfile, memberByEmail } from './current-customer.ts';
export { confirmOwnPassword } from './confirm-password.ts';
export { accountsPersonalData } from './accounts.personal-data.ts';
export { requestPasswordReset, resetPassword, RESET_MINUTES } from './reset-password.ts';
export { accountsModule } from './accounts.module.ts';
export { ARGON2_OPTIONS } from './password-rules.ts';
export { announcePolicyChanges, policyNoticeText } from './announce-policy-changes.ts';
export { changeNickname, requestEmailChange, confirmEmailChange } from './edit-profile.ts';
export {
  listAddresses,
  saveAddress,
  removeAddress,
  ADDRESS_BOOK_MAX,
  type SavedAddress,
} from './address-book.ts';
