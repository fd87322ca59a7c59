import { createHash, randomBytes } from 'node:crypto';

/** A new opaque secret token (for a cookie or a one-time link), URL-safe. */
export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The stored form of a secret token: its SHA-256, so a database copy cannot be replayed. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
