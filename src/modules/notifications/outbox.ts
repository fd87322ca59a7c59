import type { Ctx } from '#platform/ctx.ts';
import { systemActor } from '#platform/actor.ts';
import { newId } from '#platform/ids.ts';
import { checkShare, readPersonal, recordRefusal, recordShare } from '#modules/privacy';
import { notificationsRepository, type OutboxRow } from './notifications.repository.ts';
import type { MailShare } from './mail-relay.ts';

/** The e-mails the platform sends. */
export type Template =
  | 'password_reset'
  | 'order_confirmation'
  | 'confirm_registration'
  | 'account_exists'
  | 'order_shipped'
  | 'order_delivered'
  | 'parcel_delayed'
  | 'return_label'
  | 'refund_issued'
  | 'ticket_reply'
  | 'policy_notice'
  | 'rights_code'
  | 'confirm_email_change'
  | 'email_change_requested'
  | 'privacy_reply'
  | 'inactivity_notice';

/** Each e-mail's subject line: the same for everyone, so it never carries a personal value. */
export const SUBJECTS: Record<Template, string> = {
  password_reset: 'Choose a new password',
  order_confirmation: 'Thank you for your order',
  confirm_registration: 'Confirm your e-mail address',
  account_exists: 'You already have an account',
  order_shipped: 'Your order is on its way',
  order_delivered: 'Your order was delivered',
  parcel_delayed: 'Your parcel is running late',
  return_label: 'Your free return label',
  refund_issued: 'Your refund is on its way',
  ticket_reply: 'A reply from customer service',
  policy_notice: 'Our privacy policy is changing',
  rights_code: 'Your verification code',
  confirm_email_change: 'Confirm your new e-mail address',
  email_change_requested: 'A change of your e-mail address was asked for',
  privacy_reply: 'An answer to your privacy request',
  inactivity_notice: 'Your account will be locked for inactivity',
};

/** Where a message is in its delivery. */
export type DeliveryState = 'waiting' | 'sent' | 'failed';

/** A message as the development outbox page shows it. */
export interface OutboxMessage {
  id: string;
  template: Template;
  recipient: string | null;
  body: string | null;
  createdAt: Date;
  state: DeliveryState;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/** Minutes before the next attempt after the n-th failure; after the last, the message has failed. */
const RETRY_MINUTES = [1, 5, 15, 60, 240, 720, 1440];

/**
 * Queues an e-mail, sealed under the recipient subject's key (shredding the subject shreds their
 * mail), due at once: sent right after the caller commits (`notifications.mail_queued`), or — for
 * an event subscriber, whose cause has committed — at once (`sendNow`). The delivery job retries
 * what could not be sent.
 */
export async function queueEmail(
  ctx: Ctx,
  input: { subjectId: string; template: Template; recipient: string; body: string },
  options: { sendNow?: boolean } = {},
): Promise<string> {
  const id = newId('msg', ctx.now());
  const sealed = await ctx.vault.seal(ctx, input.subjectId, 'notifications.outbox', id, {
    recipient: input.recipient,
    body: input.body,
  });
  const row: OutboxRow = {
    id,
    tenantId: ctx.tenant.id,
    subjectId: input.subjectId,
    template: input.template,
    recipient: sealed.recipient!,
    body: sealed.body!,
    createdAt: ctx.now(),
    sentAt: null,
    attempts: 0,
    nextAttemptAt: ctx.now(),
    lastError: null,
    failedAt: null,
  };
  if (options.sendNow) {
    // An event subscriber (the change it mails about has committed) sends at once, from the row
    // in hand — nobody else can see it before this transaction commits — and stores it as it ended
    // (sent, or waiting for a retry) in one insert that commits with the rest.
    const outcome = await deliverMessage(ctx, row);
    await notificationsRepository.insertSettled(ctx.db, settled(ctx, row, outcome));
    return id;
  }
  // A request waits for its commit (the mail_queued event), so a request that rolls back never
  // mailed anyone.
  await notificationsRepository.insert(ctx.db, row);
  await ctx.events.publish('notifications.mail_queued', { messageId: id });
  return id;
}

/**
 * How one attempt to send a message ended. A message to retry fails for good once `RETRY_MINUTES`
 * runs out (see `settled`).
 */
type Outcome = { kind: 'sent' } | { kind: 'retrying'; error: string } | { kind: 'dropped' };

/** A message row as an attempt left it (the next attempt per `RETRY_MINUTES`, or failed). */
function settled(ctx: Ctx, row: OutboxRow, outcome: Outcome): OutboxRow {
  const attempts = row.attempts + 1;
  if (outcome.kind === 'sent')
    return { ...row, attempts, sentAt: ctx.now(), nextAttemptAt: null, lastError: null };
  const minutes = outcome.kind === 'retrying' ? RETRY_MINUTES[row.attempts] : undefined;
  const error = outcome.kind === 'dropped' ? 'erased' : outcome.error;
  return minutes === undefined
    ? { ...row, attempts, failedAt: ctx.now(), nextAttemptAt: null, lastError: error }
    : { ...row, attempts, nextAttemptAt: ctx.calendar.after({ minutes }), lastError: error };
}

/**
 * One attempt to send a message (SH-5): opened by the system relay actor (audited), passed through
 * the sharing gate to the store's registered e-mail relay — recipient, body and template, nothing
 * else — recorded in the disclosure register, and handed over SMTP.
 */
async function deliverMessage(ctx: Ctx, row: OutboxRow): Promise<Outcome> {
  const relayCtx = { ...ctx, actor: systemActor('notifications.relay') };
  const opened = await openMessage(relayCtx, row);
  if (!opened.recipient || !opened.body) return { kind: 'dropped' };
  const payload: MailShare = {
    'notifications.outbox.recipient': opened.recipient,
    'notifications.outbox.body': opened.body,
    'notifications.outbox.template': row.template,
  };
  const check = await checkShare(relayCtx, {
    recipient: 'email_relay',
    purpose: 'transactional_email',
    fields: Object.keys(payload),
  });
  if (!check.released) {
    await recordRefusal(relayCtx, check, row.id);
    return { kind: 'retrying', error: 'refused by the sharing gate' };
  }
  const permit = await recordShare(relayCtx, check, { ref: row.id, payload });
  try {
    await ctx.mail.relay.send(permit, {
      from: `"${ctx.tenant.name.replace(/["\\\r\n]/g, '')}" <${ctx.mail.fromAddress}>`,
      replyTo: ctx.tenant.policy.contactEmail,
      subject: SUBJECTS[row.template as Template] ?? 'A message from the store',
      messageId: row.id,
      store: ctx.tenant.slug,
    });
  } catch {
    return { kind: 'retrying', error: 'the mail relay did not accept it' };
  }
  return { kind: 'sent' };
}

async function openMessage(ctx: Ctx, r: OutboxRow) {
  return readPersonal(
    ctx,
    {
      table: 'notifications.outbox',
      rowId: r.id,
      subjectId: r.subjectId,
      values: { recipient: r.recipient, body: r.body },
    },
    'transactional_email',
  );
}

/**
 * Sends due messages (one, or up to 20) through the mail relay (SH-5): each is opened by the
 * system relay actor (audited), passed through the sharing gate to the store's registered e-mail
 * relay — recipient, body and template, nothing else — recorded in the disclosure register, and
 * handed over SMTP. A refusal or a relay failure waits and is retried with back-off; after the
 * last attempt the message is marked failed. A message whose subject was erased is dropped.
 * Rows are taken with SKIP LOCKED, so two processes never send one message twice.
 */
export async function deliverDueMail(ctx: Ctx, only?: string): Promise<Record<string, number>> {
  const rows = await notificationsRepository.takeDue(ctx.db, ctx.now(), only, 20);
  const counts = { sent: 0, retrying: 0, failed: 0, dropped: 0 };
  for (const row of rows) {
    const outcome = await deliverMessage(ctx, row);
    const after = settled(ctx, row, outcome);
    await notificationsRepository.saveAttempt(ctx.db, after);
    if (outcome.kind === 'sent') counts.sent++;
    else if (outcome.kind === 'dropped') counts.dropped++;
    else if (after.failedAt) counts.failed++;
    else counts.retrying++;
  }
  return counts;
}

/**
 * The newest outbox messages, opened by the system as the mail relay would open them (null where
 * the subject was erased), with their delivery state. For the development outbox page and tests;
 * every read is audited.
 */
export async function readOutbox(ctx: Ctx, limit = 20): Promise<OutboxMessage[]> {
  const relay = { ...ctx, actor: systemActor('notifications.relay') };
  const rows = await notificationsRepository.latest(ctx.db, limit);
  const out: OutboxMessage[] = [];
  for (const r of rows) {
    const opened = await openMessage(relay, r);
    out.push({
      id: r.id,
      template: r.template as Template,
      recipient: opened.recipient ?? null,
      body: opened.body ?? null,
      createdAt: r.createdAt,
      state: r.sentAt ? 'sent' : r.failedAt ? 'failed' : 'waiting',
      sentAt: r.sentAt,
      attempts: r.attempts,
      lastError: r.lastError,
    });
  }
  return out;
}
