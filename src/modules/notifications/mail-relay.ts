import nodemailer, { type Transporter } from 'nodemailer';
import type { SharePermit } from '#modules/privacy';

/** What an e-mail hands to the relay, by the names the sharing gate checks. */
export interface MailShare {
  'notifications.outbox.recipient': string;
  'notifications.outbox.body': string;
  'notifications.outbox.template': string;
}

/** The envelope of one message: nothing personal (the recipient is in the permit). */
export interface MailEnvelope {
  /** `"Store name" <address>` */
  from: string;
  replyTo: string;
  subject: string;
  /** The outbox message's id: the same message is recognisable when a retry sends it twice. */
  messageId: string;
  /** The store's slug, in a header (the demo's mail catcher sorts by it). */
  store: string;
}

/** The mail relay (an e-mail service, or the demo's catcher): takes a permit of the sharing gate. */
export interface MailRelay {
  /** Resolves once the relay accepted the message; throws when it did not. */
  send(permit: SharePermit<MailShare>, envelope: MailEnvelope): Promise<void>;
}

/** Transport options from an smtp:// or smtps:// URL (credentials URL-encoded in it). */
function smtpOptions(raw: string) {
  const url = new URL(raw);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // One connection kept open and reused: no TCP and SMTP handshake per message.
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    // Never log addresses or bodies.
    logger: false,
    debug: false,
  };
}

/**
 * Sends over SMTP with nodemailer. The URL (`SMTP_URL`, e.g. `smtps://user:pass@smtp.example:465`)
 * is read when a message is sent: the demo's built-in catcher gets its port only at start-up.
 */
export class SmtpMailRelay implements MailRelay {
  private transport: { url: string; transporter: Transporter } | undefined;

  constructor(private readonly url: () => string | undefined) {}

  async send(permit: SharePermit<MailShare>, envelope: MailEnvelope): Promise<void> {
    const url = this.url();
    if (!url) throw new Error('no mail relay is configured (SMTP_URL)');
    if (this.transport?.url !== url)
      this.transport = {
        url,
        transporter: nodemailer.createTransport(smtpOptions(url)),
      };
    const p = permit.payload;
    await this.transport.transporter.sendMail({
      from: envelope.from,
      replyTo: envelope.replyTo,
      to: p['notifications.outbox.recipient'],
      subject: envelope.subject,
      text: p['notifications.outbox.body'],
      messageId: `<${envelope.messageId}@pledge.mail>`,
      headers: { 'X-Pledge-Store': envelope.store, 'X-Pledge-Template': p['notifications.outbox.template'] },
    });
  }

  close(): void {
    this.transport?.transporter.close();
  }
}
