/**
 * The closed set of errors a use case may raise. HTTP status codes are assigned in exactly one
 * place (`httpStatusOf`), so a route never decides what a failure means.
 */
export type ErrorKind =
  | 'not_found'
  | 'invalid'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited'
  | 'payment_declined'
  /** A service the request needs is switched off for this store (a terminated processor). */
  | 'unavailable';

/** An expected failure: its message names the thing and the reason and holds no personal data. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const STATUS: Record<ErrorKind, number> = {
  not_found: 404,
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  payment_declined: 402,
  unavailable: 503,
};

/** Maps an error kind to its HTTP status code. */
export function httpStatusOf(kind: ErrorKind): number {
  return STATUS[kind];
}

/** Shorthand constructors, so use cases read as sentences: `throw notFound('product', slug)`. */
export const notFound = (thing: string, ref?: string) =>
  new AppError('not_found', ref ? `${thing} '${ref}' was not found` : `${thing} was not found`);
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('invalid', message, details);
export const conflict = (message: string) => new AppError('conflict', message);
export const paymentDeclined = (message: string, details?: Record<string, unknown>) =>
  new AppError('payment_declined', message, details);
export const forbidden = (message: string) => new AppError('forbidden', message);
