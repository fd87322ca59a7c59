import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

/** A message the catcher received. */
export interface CaughtMail {
  receivedAt: Date;
  store: string | undefined;
  template: string | undefined;
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
}

const KEPT = 500;

/**
 * The demo's mail relay: a real SMTP server on loopback (smtp-server) that accepts every message
 * and keeps the last 500 in memory, so the demo really sends mail without an outside service and
 * the operator reads it on the development outbox page. Nothing is written to disk or logged.
 */
export class MailCatcher {
  private readonly caught: CaughtMail[] = [];
  /** Messages as received, parsed only when someone looks (parsing is the costly part). */
  private raw: { raw: Buffer; to: string[]; at: Date }[] = [];
  private server: SMTPServer | undefined;
  private port: number | undefined;
  /** How many messages were accepted since start (the 500 kept are only the newest). */
  received = 0;

  /** Starts listening on 127.0.0.1 (a free port unless one is given); answers its smtp:// URL. */
  async start(port = 0): Promise<string> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 1024 * 1024,
      onData: (stream, session, callback) => {
        // Accept at once and parse later: the relay's answer does not wait for MIME parsing.
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          this.raw.push({ raw: Buffer.concat(chunks), to, at: new Date() });
          this.received++;
          if (this.raw.length > KEPT) this.raw.splice(0, this.raw.length - KEPT);
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.url()!;
  }

  private async parse(raw: Buffer, to: string[], receivedAt: Date): Promise<void> {
    const parsed = await simpleParser(raw);
    const header = (name: string) => {
      const v = parsed.headers.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    this.caught.push({
      receivedAt,
      store: header('x-pledge-store'),
      template: header('x-pledge-template'),
      from: parsed.from?.text ?? '',
      to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      messageId: parsed.messageId,
    });
    if (this.caught.length > KEPT) this.caught.splice(0, this.caught.length - KEPT);
  }

  url(): string | undefined {
    return this.port === undefined ? undefined : `smtp://127.0.0.1:${this.port}`;
  }

  /** What arrived for a store (or everything), newest first, once every message received is read. */
  async messages(store?: string): Promise<CaughtMail[]> {
    const waiting = this.raw;
    this.raw = [];
    for (const m of waiting) await this.parse(m.raw, m.to, m.at).catch(() => undefined);
    return this.caught.filter((m) => store === undefined || m.store === store).reverse();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
