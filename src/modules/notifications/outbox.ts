import type { Ctx } from '#platform/ctx.ts';
import { systemActor } from '#platform/actor.ts';
import { newId } from '#platform/ids.ts';
import { readPersonal } from '#modules/privacy';
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
 * Queues an e-mail, sealed under the recipient subject's key (shredding the subject shreds their
 * mail). No mail relay is wired yet: messages wait in the outbox and the development outbox page
 * shows them.
 */
export async function queueEmail(
  ctx: Ctx,
  input: { subjectId: string; template: Template; recipient: string; body: string },
): Promise<string> {
  const id = newId('msg', ctx.now());
  const sealed = await ctx.vault.seal(ctx, input.subjectId, 'notifications.outbox', id, {
    recipient: input.recipient,
    body: input.body,
  });
  await notificationsRepository.insert(ctx.db, {
    id,
    subjectId: input.subjectId,
    template: input.template,
    recipient: sealed.recipient!,
    body: sealed.body!,
    createdAt: ctx.now(),
  });
  return id;
}

/**
 * The newest outbox messages, opened by the system as the mail relay would open them (null where
 * the subject was erased). For the development outbox page and tests; every read is audited.
 */
export async function readOutbox(ctx: Ctx, limit = 20): Promise<OutboxMessage[]> {
  const relay = { ...ctx, actor: systemActor('notifications.relay') };
  const rows = await notificationsRepository.latest(ctx.db, limit);
  const out: OutboxMessage[] = [];
  for (const r of rows) {
    const opened = await readPersonal(
      relay,
      {
        table: 'notifications.outbox',
        rowId: r.id,
        subjectId: r.subjectId,
        values: { recipient: r.recipient, body: r.body },
      },
      'transactional_email',
    );
    out.push({
      id: r.id,
      template: r.template as Template,
      recipient: opened.recipient ?? null,
      body: opened.body ?? null,
      createdAt: r.createdAt,
    });
  }
  return out;
}
