import type { TenantCtx } from '#modules/tenants';
import type { Vault } from '#modules/privacy';
import { newId } from '#platform/ids.ts';
import { notificationsRepository } from './notifications.repository.ts';

/** The e-mails the platform sends. */
export type Template = 'password_reset' | 'order_confirmation' | 'confirm_registration' | 'account_exists';

/** A message as the development outbox page shows it. */
export interface OutboxMessage {
  id: string;
  template: Template;
  recipient: string | null;
  body: string | null;
  createdAt: Date;
}

/**
 * Queues an e-mail. No mail server is wired yet: messages wait in the outbox, sealed, and the
 * development outbox page shows them.
 */
export async function queueEmail(
  ctx: TenantCtx & { vault: Vault },
  input: { subjectId: string; template: Template; recipient: string; body: string },
): Promise<string> {
  const id = newId('msg', ctx.now());
  const field = (column: string) => ({ table: 'notifications.outbox', column, rowId: id });
  await notificationsRepository.insert(ctx.db, {
    id,
    subjectId: input.subjectId,
    template: input.template,
    recipient: await ctx.vault.seal(ctx, input.subjectId, field('recipient'), input.recipient),
    body: await ctx.vault.seal(ctx, input.subjectId, field('body'), input.body),
    createdAt: ctx.now(),
  });
  return id;
}

/** The newest outbox messages, decrypted (null where the subject was shredded). Development only. */
export async function readOutbox(ctx: TenantCtx & { vault: Vault }, limit = 20): Promise<OutboxMessage[]> {
  const rows = await notificationsRepository.latest(ctx.db, limit);
  return Promise.all(
    rows.map(async (r) => {
      const field = (column: string) => ({ table: 'notifications.outbox', column, rowId: r.id });
      return {
        id: r.id,
        template: r.template as Template,
        recipient: await ctx.vault.open(ctx, r.recipient, field('recipient')),
        body: await ctx.vault.open(ctx, r.body, field('body')),
        createdAt: r.createdAt,
      };
    }),
  );
}
