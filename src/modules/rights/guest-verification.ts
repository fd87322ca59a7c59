import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '#platform/ctx.ts';
import { AppError, invalid } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { hashSecretToken, newSecretToken } from '#platform/tokens.ts';
import { guestOrderSubjects } from '#modules/orders';
import { queueEmail } from '#modules/notifications';
import { rightsRepository } from './rights.repository.ts';
import type { Requester } from './requester.ts';

/** Minutes a code is valid; wrong tries before it is void; hours a rights token lasts. */
export const CODE_MINUTES = 15;
export const CODE_ATTEMPTS = 5;
export const TOKEN_MINUTES = 60;

/** A new verification's id: answered at once, before the order is even looked up. */
export const newVerificationId = (now: Date): string => newId('ver', now);

/**
 * A guest asks to exercise their rights (DR-6, DR-8): when the order number and the e-mail given
 * at checkout match, a 6-digit code is e-mailed to that address. Callers answer with the id before
 * this runs (`BackgroundWork`), the same whether or not they match, so neither the answer nor its
 * timing tells who ordered what.
 */
export async function startGuestVerification(
  ctx: Ctx,
  input: { orderNumber: string; email: string; verificationId?: string },
): Promise<{ verificationId: string }> {
  const verificationId = input.verificationId ?? newVerificationId(ctx.now());
  const found = await guestOrderSubjects(ctx, input.orderNumber, input.email);
  if (!found) return { verificationId }; // nothing stored: confirming it will fail like a wrong code
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await rightsRepository.insertVerification(ctx.db, {
    id: verificationId,
    tenantId: ctx.tenant.id,
    orderId: found.orderId,
    subjectId: found.subjectId,
    subjectIds: found.subjectIds,
    codeHash: hashSecretToken(`${verificationId}:${code}`),
    attempts: 0,
    codeExpiresAt: ctx.calendar.after({ minutes: CODE_MINUTES }),
    createdAt: ctx.now(),
  });
  await queueEmail(ctx, {
    subjectId: found.subjectId,
    template: 'rights_code',
    recipient: input.email,
    body: [
      `Your verification code for ${ctx.tenant.name} is: ${code}`,
      '',
      `Type it on the privacy page within ${CODE_MINUTES} minutes to see, download or delete your data.`,
      'If you did not ask for it, ignore this e-mail: nothing happens without the code.',
    ].join('\n'),
  });
  return { verificationId };
}

const WRONG = 'the code is not right or has expired; ask for a new one';

/** The outcome of a code: a rights token, or a refusal (returned, so the failed try is committed). */
export type ConfirmResult =
  { status: 'verified'; token: string; expiresAt: Date } | { status: 'refused'; error: AppError };

/**
 * Checks a guest's code: right and in time → a rights token (only its hash is kept) that opens
 * the address's guest orders' data for an hour. Five wrong tries void the code.
 */
export async function confirmGuestVerification(
  ctx: Ctx,
  input: { verificationId: string; code: string },
): Promise<ConfirmResult> {
  if (!/^[0-9]{6}$/.test(input.code)) throw invalid('the code is the 6 digits from the e-mail');
  const row = await rightsRepository.verificationById(ctx.db, input.verificationId);
  const refused = { status: 'refused' as const, error: new AppError('unauthenticated', WRONG) };
  if (!row || row.tokenHash || row.attempts >= CODE_ATTEMPTS || row.codeExpiresAt <= ctx.now())
    return refused;
  const expected = Buffer.from(row.codeHash);
  const given = Buffer.from(hashSecretToken(`${row.id}:${input.code}`));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    await rightsRepository.updateVerification(ctx.db, row.id, { attempts: row.attempts + 1 });
    return refused;
  }
  const token = newSecretToken();
  const expiresAt = ctx.calendar.after({ minutes: TOKEN_MINUTES });
  await rightsRepository.updateVerification(ctx.db, row.id, {
    tokenHash: hashSecretToken(token),
    tokenExpiresAt: expiresAt,
  });
  return { status: 'verified', token, expiresAt };
}

/** The guest a rights token stands for, or undefined when it is unknown or expired. */
export async function guestOfToken(
  ctx: Ctx,
  token: string,
): Promise<(Requester & { kind: 'guest' }) | undefined> {
  const row = await rightsRepository.verificationByToken(ctx.db, hashSecretToken(token), ctx.now());
  if (!row) return undefined;
  return { kind: 'guest', orderId: row.orderId, subjectId: row.subjectId, subjectIds: row.subjectIds };
}

/** Ends a rights token (the guest is done, or their data was erased). */
export async function endGuestToken(ctx: Ctx, token: string): Promise<void> {
  await rightsRepository.endVerification(ctx.db, hashSecretToken(token));
}
