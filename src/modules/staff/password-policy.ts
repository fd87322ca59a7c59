import { invalid } from '#platform/errors.ts';

/** Passwords kept for the no-reuse rule (SEC-3, after Amazon's Data Protection Policy). */
export const PASSWORD_HISTORY = 10;
/** A password must be changed at least this often; sign-in warns before and forces after. */
export const PASSWORD_MAX_AGE_DAYS = 365;
/** How long before expiry the staff user is warned. */
export const PASSWORD_WARN_DAYS = 14;

/**
 * Throws a precise 400 unless `password` meets the staff policy: at least 12 characters with an
 * upper-case letter, a lower-case letter, a digit and a symbol, and no part of the user's name or
 * e-mail (any run of 4 or more letters of them). Reuse is checked by the caller against history.
 */
export function assertStaffPassword(password: string, person: { email: string; displayName: string }): void {
  const problems: string[] = [];
  if ([...password].length < 12) problems.push('at least 12 characters');
  if (!/\p{Lu}/u.test(password)) problems.push('an upper-case letter');
  if (!/\p{Ll}/u.test(password)) problems.push('a lower-case letter');
  if (!/\p{Nd}/u.test(password)) problems.push('a digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('a symbol');
  if (problems.length > 0)
    throw invalid(`the password needs ${problems.join(', ')}`, { fields: { password: 'too weak' } });
  const lower = password.toLowerCase();
  const parts = [
    person.email.split('@')[0] ?? '',
    ...person.email.split('@').slice(1).join('.').split('.'),
    ...person.displayName.split(/\s+/),
  ]
    .flatMap((p) => p.toLowerCase().split(/[^\p{L}\p{Nd}]+/u))
    .filter((p) => p.length >= 4 && !['example', 'mail', 'gmail'].includes(p));
  const found = parts.find((p) => lower.includes(p));
  if (found)
    throw invalid('the password may not contain your name or a part of your e-mail address', {
      fields: { password: 'contains your name or e-mail' },
    });
}
