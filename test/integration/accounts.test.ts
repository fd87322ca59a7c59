import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TenantCtx } from '../../src/modules/tenants/index.ts';
import {
  customerOfSession,
  hashSessionToken,
  logIn,
  logOut,
  readOwnProfile,
  registerCustomer,
  type AccountsCtx,
} from '../../src/modules/accounts/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
const inSkincare = <T>(fn: (ctx: AccountsCtx) => Promise<T>) =>
  app.inStore('skincare', (ctx: TenantCtx) => fn({ ...ctx, vault: app.vault }));

/** Signs in, throwing a refusal only after the transaction committed (as a route does). */
const signIn = async (email: string, password: string) => {
  const result = await inSkincare((ctx) => logIn(ctx, { email, password }));
  if (result.status === 'refused') throw result.error;
  return result;
};

const JANE = {
  nickname: 'Jane Seaborne',
  email: 'jane.seaborne@example.com',
  password: 'a long passphrase 42',
};

beforeAll(async () => {
  app = await createTestApp({ clock });
  await inSkincare((ctx) => registerCustomer(ctx, JANE));
});
afterAll(() => app.close());

describe(`SF-7, SEC-1: member accounts with sealed personal data (${ENGINE})`, () => {
  it('SEC-1: the customer row holds no plaintext e-mail, nickname or password', async () => {
    const rows = await inSkincare((ctx) =>
      queryRows<Record<string, unknown>>(ctx.db, sql`select * from accounts.customer`),
    );
    const dump = JSON.stringify(rows);
    for (const secret of ['jane', 'Jane', 'seaborne', 'Seaborne', 'example.com', 'passphrase'])
      expect(dump).not.toContain(secret);
    expect(String(rows[0]!.password_hash)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('SF-7: the member reads their own profile back through the vault', async () => {
    const { customerId } = await signIn(JANE.email, JANE.password);
    expect(await inSkincare((ctx) => readOwnProfile(ctx, customerId))).toEqual({
      nickname: 'Jane Seaborne',
      email: 'jane.seaborne@example.com',
    });
  });

  it('SF-7: the e-mail is matched case- and space-insensitively, and registering it twice is a conflict', async () => {
    await expect(signIn('  JANE.Seaborne@Example.COM ', JANE.password)).resolves.toHaveProperty('token');
    await expect(
      inSkincare((ctx) => registerCustomer(ctx, { ...JANE, email: 'Jane.Seaborne@example.com' })),
    ).rejects.toThrow('an account with this e-mail address already exists');
  });

  it('SEC-5: the same e-mail may register in another store, which cannot see the first account', async () => {
    await expect(
      app.inStore('rugs', (ctx) => registerCustomer({ ...ctx, vault: app.vault }, JANE)),
    ).resolves.toHaveProperty('customerId');
    const rugsCount = await app.inStore('rugs', (ctx) =>
      queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from accounts.customer`),
    );
    expect(rugsCount[0]!.n).toBe(1);
  });

  it('SF-7: wrong password and unknown e-mail get the same answer', async () => {
    const wrong = await inSkincare((ctx) => logIn(ctx, { email: JANE.email, password: 'not the password' }));
    const unknown = await inSkincare((ctx) =>
      logIn(ctx, { email: 'nobody@example.com', password: 'whatever it is' }),
    );
    expect(wrong).toEqual({
      status: 'refused',
      error: expect.objectContaining({
        kind: 'unauthenticated',
        message: 'e-mail address or password is not right',
      }),
    });
    expect(unknown).toEqual(wrong);
  });

  it('SF-7: five failures in a row lock the account for 15 minutes, even against the right password', async () => {
    const mark = { nickname: 'Mark', email: 'mark@example.com', password: 'another long one 7' };
    await inSkincare((ctx) => registerCustomer(ctx, mark));
    for (let i = 0; i < 5; i++) await signIn(mark.email, 'guess number ' + i).catch(() => undefined);
    await expect(signIn(mark.email, mark.password)).rejects.toThrow('too many failed log-ins');
    clock.advance(16 * 60_000);
    await expect(signIn(mark.email, mark.password)).resolves.toHaveProperty('token');
  });

  it('SF-7: sessions are stored only as token hashes, end at log-out, and expire', async () => {
    const { token, customerId } = await signIn(JANE.email, JANE.password);
    const stored = await inSkincare((ctx) =>
      queryRows<{ token_hash: string }>(ctx.db, sql`select token_hash from accounts.session`),
    );
    expect(stored.map((s) => s.token_hash)).toContain(hashSessionToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await inSkincare((ctx) => customerOfSession(ctx, token))).toEqual({ customerId });
    await inSkincare((ctx) => logOut(ctx, token));
    expect(await inSkincare((ctx) => customerOfSession(ctx, token))).toBeUndefined();

    const second = await signIn(JANE.email, JANE.password);
    clock.advance(31 * 86_400_000);
    expect(await inSkincare((ctx) => customerOfSession(ctx, second.token))).toBeUndefined();
  });

  it.each([
    [{ ...JANE, email: 'not-an-email' }, 'email must be a valid e-mail address'],
    [{ ...JANE, email: 'x@example.org', password: 'short' }, 'password must be 10–200 characters'],
    [{ ...JANE, email: 'x@example.org', nickname: ' ' }, 'nickname must be 1–40 characters'],
    [
      { nickname: 'Same', email: 'same.as.password@example.org', password: 'same.as.password@example.org' },
      'password must not be your e-mail address',
    ],
  ])('SF-7: registration refuses bad input with a precise message (%#)', async (input, message) => {
    await expect(inSkincare((ctx) => registerCustomer(ctx, input))).rejects.toThrow(message);
  });

  it('DR-4: shredding the member key makes the profile unreadable', async () => {
    const { customerId } = await inSkincare((ctx) =>
      registerCustomer(ctx, {
        nickname: 'Temp',
        email: 'temp@example.com',
        password: 'temporary password 1',
      }),
    );
    await inSkincare((ctx) => app.vault.shredSubject(ctx, customerId));
    expect(await inSkincare((ctx) => readOwnProfile(ctx, customerId))).toBeUndefined();
  });

  it('SH-4: nothing of the member reached a log line', () => {
    for (const secret of [JANE.email, JANE.nickname, JANE.password, 'mark@example.com'])
      expect(app.logs.text).not.toContain(secret);
  });
});
