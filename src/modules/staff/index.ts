/** Staff (SEC-3): staff users with one role per store, mandatory TOTP MFA, sessions, management. */
export { staffModule } from './staff.module.ts';
export {
  addStaff,
  changeStaffRole,
  disableStaff,
  enableStaff,
  listStaff,
  type NewStaff,
} from './manage-staff.ts';
export {
  logInStaff,
  logOutStaff,
  staffHome,
  finishEnrolment,
  identifyStaff,
  STAFF_IDLE_MINUTES,
  STAFF_SESSION_HOURS,
  STAFF_MAX_FAILURES,
  STAFF_LOCK_MINUTES,
} from './staff-sessions.ts';
export { totpCode } from './totp.ts';
export { assertStaffPassword } from './password-policy.ts';
export { staffPersonalData } from './staff.personal-data.ts';
export {
  postNotice,
  noticesForStaff,
  recentNotices,
  NOTICE_KINDS,
  type NoticeKind,
  type MerchantNotice,
} from './merchant-notices.ts';
