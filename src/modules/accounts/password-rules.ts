import { invalid } from '#platform/errors.ts';

/** The argon2id parameters (OWASP: m = 19 MiB, t = 2, p = 1). */
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated-module builds cannot import).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The shopper password rule: 10 to 200 characters (length beats composition rules for members). */
export function assertPasswordRules(password: string, email?: string): void {
  if (password.length < 10 || password.length > 200) throw invalid('password must be 10–200 characters');
  if (email !== undefined && password.toLowerCase() === email.trim().toLowerCase())
    throw invalid('password must not be your e-mail address');
}
