import { createCustomer } from '../../src/modules/accounts/index.ts';
import { readOutbox } from '../../src/modules/notifications/index.ts';
import type { TestApp } from './test-app.ts';

/** A member to create in a test. */
export interface MemberInput {
  nickname: string;
  email: string;
  password: string;
}

/**
 * Creates a member whose address needs no confirming (as a seed or an import would), through the
 * accounts module's own use case. Returns the member's id.
 */
export async function makeMember(app: TestApp, store: string, member: MemberInput): Promise<string> {
  const { customerId } = await app.inStore(store, (ctx) =>
    createCustomer(
      { ...ctx, vault: app.vault },
      { nickname: member.nickname, email: member.email, password: { plain: member.password } },
    ),
  );
  return customerId;
}

/**
 * The newest e-mail of a template in a store's outbox, once the background work that sends it has
 * finished (registration and reset mails are sent after the answer).
 */
export async function latestMail(app: TestApp, store: string, template: string) {
  await app.background.settled();
  const messages = await app.inStore(store, (ctx) => readOutbox({ ...ctx, vault: app.vault }, 100));
  return messages.find((m) => m.template === template);
}

/** The one-time token of the link in the newest e-mail of a template. */
export async function tokenFromMail(app: TestApp, store: string, template: string): Promise<string> {
  const mail = await latestMail(app, store, template);
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1];
  if (!token) throw new Error(`no ${template} e-mail with a link in the ${store} outbox`);
  return token;
}
