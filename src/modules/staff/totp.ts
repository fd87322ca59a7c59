import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';

/** RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;

const totpOf = (secretBase32: string, label = 'staff') =>
  new TOTP({
    issuer: 'Pledge',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });

/** A new random TOTP secret (160 bits), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The time step a code matches (one step either side, for clock drift), or undefined. The caller
 * refuses a step not later than the last one accepted, so a code works once.
 */
export function matchingStep(secretBase32: string, code: string, at: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}

/** The current code of a secret (the demo and tests compute codes as an authenticator app would). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * What an authenticator app scans: the otpauth:// URI and a QR code of it drawn as SVG on our own
 * server (the secret never goes to an outside QR service).
 */
export function enrolmentOf(secretBase32: string, label: string): { otpauthUri: string; qrSvg: string } {
  const otpauthUri = totpOf(secretBase32, label).toString();
  return { otpauthUri, qrSvg: renderSVG(otpauthUri, { ecc: 'M', border: 2 }) };
}

/** Ten one-time recovery codes (shown once) and their hashes (stored). */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const raw = randomBytes(8).toString('hex');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12, 16)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** The stored form of a recovery code (as typed, with or without dashes and in any case). */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^0-9a-f]/g, ''))
    .digest('hex');
}
