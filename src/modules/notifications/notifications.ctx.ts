import type { MailRelay } from './mail-relay.ts';

// On every ctx (filled by the one ctx factory, src/runtime.ts).
declare module '#platform/ctx.ts' {
  interface Ctx {
    /** The mail relay the outbox is delivered through, and the sender address. */
    mail: { relay: MailRelay; fromAddress: string };
  }
}
