import type { Ctx } from '#platform/ctx.ts';
import { readPersonal } from '#modules/privacy';
import { accountsRepository } from './accounts.repository.ts';
import { listAddresses } from './address-book.ts';

/**
 * The accounts module's part of a subject request (DR-2): the member's account, read for the
 * actor the engine runs as (the member, or compliance), and their sessions' times.
 */
export async function exportAccount(
  ctx: Ctx,
  subjectId: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  const row = await accountsRepository.findById(ctx.db, subjectId);
  if (!row) return {};
  const opened = await readPersonal(
    ctx,
    {
      table: 'accounts.customer',
      rowId: row.id,
      subjectId: row.id,
      values: { email: row.email, nickname: row.nickname },
    },
    'customer_service',
  );
  const sessions = await accountsRepository.sessionsOf(ctx.db, subjectId);
  return {
    'accounts.customer': [
      {
        id: row.id,
        email: opened.email,
        nickname: opened.nickname,
        createdAt: row.createdAt,
        lastLoginAt: row.lastLoginAt,
        inactivityNoticeAt: row.inactivityNoticeAt,
        lockedAt: row.lockedAt,
      },
    ],
    'accounts.session': sessions.map((s) => ({ createdAt: s.createdAt, expiresAt: s.expiresAt })),
    'accounts.saved_address': (await listAddresses(ctx)).map(({ id: _id, ...a }) => ({ ...a })),
    'accounts.policy_notice': (await accountsRepository.noticesOf(ctx.db, subjectId)).map((n) => ({
      version: n.version,
      sentAt: n.sentAt,
    })),
  };
}

/**
 * Erases the member's account (DR-4): sessions, reset links, pending registrations and the account
 * row itself go; nothing of the account is kept. Returns the rows deleted.
 */
export async function eraseAccount(ctx: Ctx, subjectId: string): Promise<number> {
  return accountsRepository.deleteAccount(ctx.db, subjectId);
}
