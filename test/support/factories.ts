import { createCustomer } from '../../src/modules/accounts/index.ts';
import { readOutbox } from '../../src/modules/notifications/index.ts';
import { randomUUID } from 'node:crypto';
import type { FixedClock } from '../../src/platform/clock.ts';
import type { StaffRole } from '../../src/platform/actor.ts';
import { totpCode } from '../../src/modules/staff/index.ts';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../../src/seeds/demo/demo-staff.ts';
import type { TestApp } from './test-app.ts';
import {
  anotherShopper,
  api,
  guestCart,
  guestCheckoutBody,
  policyVersion,
  skusInStock,
  type CheckoutBody,
} from './shop-api.ts';

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

/** A paid guest order placed through the real JSON checkout, and its shopper's access token. */
export interface MadeOrder {
  number: string;
  accessToken: string | undefined;
}

/**
 * Places a guest order in `store` the way a shopper would (cart, then checkout over HTTP) with the
 * guest persona's contact and address; `body` changes what the checkout sends.
 */
export async function makeOrder(
  app: TestApp,
  store: string,
  options: { quantity?: number; sku?: string; body?: Partial<CheckoutBody> } = {},
): Promise<MadeOrder> {
  const sku = options.sku ?? (await skusInStock(app, store, 1))[0];
  const token = await guestCart(app, store, [[sku!, options.quantity ?? 1]]);
  const placed = await api(app, 'POST', `/api/stores/${store}/checkout`, {
    ip: anotherShopper(),
    headers: { 'x-cart-token': token, 'idempotency-key': `factory-${randomUUID()}` },
    body: { ...guestCheckoutBody(await policyVersion(app, store)), ...options.body },
  });
  if (placed.status !== 201)
    throw new Error(`checkout answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  const order = (placed.body.order ?? placed.body) as { number: string };
  return { number: order.number, accessToken: placed.body.orderAccessToken as string | undefined };
}

/**
 * Logs in as the demo staff user of `role` in `store` (password and TOTP, as the admin would) and
 * answers the headers that carry the session. The clock moves on 30 s so every code is fresh.
 */
export async function staffHeaders(
  app: TestApp,
  clock: FixedClock,
  store: string,
  role: StaffRole,
): Promise<{ authorization: string }> {
  clock.advance(30_000);
  const res = await api(app, 'POST', '/api/admin/sessions', {
    ip: anotherShopper(),
    body: {
      email: `${role}@${store}.example`,
      password: DEMO_STAFF_PASSWORD,
      totp: totpCode(DEMO_STAFF_TOTP_SECRET, clock.now()),
    },
  });
  if (res.status !== 200) throw new Error(`staff log-in answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.sessionToken as string}` };
}
