/** Accounts: member registration, log-in with lockout, sessions (SF-7). Pages and routes: see README. */
export type { AccountsCtx } from './accounts-ctx.ts';
export { SESSION_DAYS, MAX_FAILED_LOGINS, LOCKOUT_MINUTES } from './accounts-ctx.ts';
export { registerCustomer, type RegisterInput } from './register-customer.ts';
export { logIn, logOut, hashSessionToken, type LogInResult } from './log-in.ts';
export { customerOfSession, readOwnProfile } from './current-customer.ts';
export { accountsPersonalData } from './accounts.personal-data.ts';
export { requestPasswordReset, resetPassword, RESET_MINUTES } from './reset-password.ts';
export { accountsApiRoutes } from './accounts.routes.ts';
export { BearerHeaders, bearerToken, memberOfRequest, requireMember } from './member-of-request.ts';
