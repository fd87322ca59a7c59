import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { Ctx } from '../../src/platform/ctx.ts';
import {
  customerOfSession,
  hashSessionToken,
  logIn,
  logOut,
  readOwnProfile,
  registerCustomer,
  confirmRegistration,
} from '../../src/modules/accounts/index.ts';
import { readOutbox } from '../../src/modules/notifications/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember, tokenFromMail } from '../support/factories.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
const inSkincare = <T>(fn: (ctx: Ctx) => Promise<T>) => app.inStore('skincare', fn);
/** As a visitor from a client address (log-in throttling is per address). */
const fromAddress = (source: string) => app.as({ kind: 'anonymous' }, { source });
/** As the signed-in member `customerId`. */
const asMember = (customerId: string) => app.as({ kind: 'member', customerId });

/** Signs in, throwing a refusal only after the transaction committed (as a route does). */
const signIn = async (email: string, password: string, source = '203.0.113.10') => {
  const result = await fromAddress(source).inStore('skincare', (ctx) => logIn(ctx, { email, password }));
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
  const token = await tokenFromMail(app, 'skincare', 'confirm_registration');
  await inSkincare((ctx) => confirmRegistration(ctx, token));
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
    expect(await asMember(customerId).inStore('skincare', (ctx) => readOwnProfile(ctx))).toEqual({
      nickname: 'Jane Seaborne',
      email: 'jane.seaborne@example.com',
    });
  });

  it('SF-7: the e-mail is matched case- and space-insensitively', async () => {
    await expect(signIn('  JANE.Seaborne@Example.COM ', JANE.password)).resolves.toHaveProperty('token');
  });

  it('SEC-4: registering a taken address changes nothing and tells the member by e-mail, not the visitor', async () => {
    const count = () =>
      inSkincare((ctx) =>
        queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from accounts.customer`),
      );
    const before = (await count())[0]!.n;
    await expect(
      inSkincare((ctx) =>
        registerCustomer(ctx, { ...JANE, email: 'Jane.Seaborne@example.com', password: 'an attacker 12345' }),
      ),
    ).resolves.toBeUndefined();
    expect((await count())[0]!.n).toBe(before);
    const [mail] = await inSkincare((ctx) => readOutbox(ctx, 1));
    expect(mail).toMatchObject({ template: 'account_exists', recipient: JANE.email });
    expect(mail!.body).toContain('You already have one');
    expect(mail!.body).not.toContain('token=');
    // The old password still works; the one typed at the second registration does not.
    await expect(signIn(JANE.email, JANE.password)).resolves.toHaveProperty('token');
    await expect(signIn(JANE.email, 'an attacker 12345')).rejects.toThrow('not right');
  });

  it('SF-7: a confirmation link works once, and not after 24 hours', async () => {
    await inSkincare((ctx) =>
      registerCustomer(ctx, {
        nickname: 'Late',
        email: 'late.comer@example.com',
        password: 'late comer pass 1',
      }),
    );
    const token = await tokenFromMail(app, 'skincare', 'confirm_registration');
    clock.advance(25 * 3_600_000);
    await expect(inSkincare((ctx) => confirmRegistration(ctx, token))).rejects.toThrow(
      'this confirmation link is not valid any more',
    );
    await inSkincare((ctx) =>
      registerCustomer(ctx, {
        nickname: 'Late',
        email: 'late.comer@example.com',
        password: 'late comer pass 1',
      }),
    );
    const fresh = await tokenFromMail(app, 'skincare', 'confirm_registration');
    await expect(inSkincare((ctx) => confirmRegistration(ctx, fresh))).resolves.toMatchObject({
      status: 'created',
    });
    await expect(inSkincare((ctx) => confirmRegistration(ctx, fresh))).rejects.toThrow('not valid any more');
  });

  it('SF-7: of two pending registrations for one address, the second confirmed is discarded', async () => {
    const person = { nickname: 'Twice', email: 'twice@example.com', password: 'twice over pass 1' };
    await inSkincare((ctx) => registerCustomer(ctx, person));
    const first = await tokenFromMail(app, 'skincare', 'confirm_registration');
    await inSkincare((ctx) => registerCustomer(ctx, { ...person, password: 'other password 22' }));
    const second = await tokenFromMail(app, 'skincare', 'confirm_registration');
    expect(second).not.toBe(first);
    await expect(inSkincare((ctx) => confirmRegistration(ctx, second))).resolves.toMatchObject({
      status: 'created',
    });
    await expect(inSkincare((ctx) => confirmRegistration(ctx, first))).resolves.toEqual({ status: 'exists' });
    await expect(signIn(person.email, 'other password 22')).resolves.toHaveProperty('token');
  });

  it('SEC-5: the same e-mail may register in another store, which cannot see the first account', async () => {
    await expect(makeMember(app, 'rugs', JANE)).resolves.toMatch(/^cus_/);
    const rugsCount = await app.inStore('rugs', (ctx) =>
      queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from accounts.customer`),
    );
    expect(rugsCount[0]!.n).toBe(1);
  });

  it('SF-7: wrong password and unknown e-mail get the same answer', async () => {
    const wrong = await fromAddress('198.51.100.1').inStore('skincare', (ctx) =>
      logIn(ctx, { email: JANE.email, password: 'not the password' }),
    );
    const unknown = await fromAddress('198.51.100.1').inStore('skincare', (ctx) =>
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

  it('SEC-4: five failures from one client block that client for that address for 15 minutes, even against the right password; other clients still log in', async () => {
    const mark = { nickname: 'Mark', email: 'mark@example.com', password: 'another long one 7' };
    await makeMember(app, 'skincare', mark);
    const attacker = '192.0.2.66';
    for (let i = 0; i < 5; i++)
      await signIn(mark.email, 'guess number ' + i, attacker).catch(() => undefined);
    await expect(signIn(mark.email, mark.password, attacker)).rejects.toThrow('too many failed log-ins');
    await expect(signIn(mark.email, mark.password, '203.0.113.77')).resolves.toHaveProperty('token');
    clock.advance(16 * 60_000);
    await expect(signIn(mark.email, mark.password, attacker)).resolves.toHaveProperty('token');
  });

  it('SEC-4: an address without an account is blocked exactly like one with an account (the block tells nothing)', async () => {
    const source = '192.0.2.67';
    const tries = async (email: string) => {
      const answers: string[] = [];
      for (let i = 0; i < 7; i++)
        answers.push(
          await signIn(email, 'guess ' + i, source).then(
            () => 'in',
            (e: Error) => e.message.replace(/after \d\d:\d\d/, 'after HH:MM'),
          ),
        );
      return answers;
    };
    await makeMember(app, 'skincare', {
      nickname: 'Real',
      email: 'real.one@example.com',
      password: 'real one pass 123',
    });
    expect(await tries('ghost.one@example.com')).toEqual(await tries('real.one@example.com'));
    expect((await tries('ghost.two@example.com')).at(-1)).toContain('too many failed log-ins');
  });

  it('SF-7: sessions are stored only as token hashes, end at log-out, and expire', async () => {
    const { token, customerId } = await signIn(JANE.email, JANE.password);
    const stored = await inSkincare((ctx) =>
      queryRows<{ token_hash: string }>(ctx.db, sql`select token_hash from accounts.session`),
    );
    expect(stored.map((s) => s.token_hash)).toContain(hashSessionToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await inSkincare((ctx) => customerOfSession(ctx, token))).toEqual({ customerId });
    await app
      .as({ kind: 'member', customerId, session: hashSessionToken(token) })
      .inStore('skincare', (ctx) => logOut(ctx));
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

  it('SEC-1: destroying the member key (crypto-shredding) makes the profile unreadable', async () => {
    const customerId = await makeMember(app, 'skincare', {
      nickname: 'Temp',
      email: 'temp@example.com',
      password: 'temporary password 1',
    });
    await inSkincare((ctx) => app.vault.shredSubject(ctx, customerId));
    expect(await asMember(customerId).inStore('skincare', (ctx) => readOwnProfile(ctx))).toBeUndefined();
  });

  it('SH-4: nothing of the member reached a log line', () => {
    for (const secret of [JANE.email, JANE.nickname, JANE.password, 'mark@example.com'])
      expect(app.logs.text).not.toContain(secret);
  });
});
