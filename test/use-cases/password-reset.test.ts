import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { Ctx } from '../../src/platform/ctx.ts';
import {
  customerOfSession,
  logIn,
  requestPasswordReset,
  resetPassword,
} from '../../src/modules/accounts/index.ts';
import { readOutbox } from '../../src/modules/notifications/index.ts';
import { makeMember } from '../support/factories.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
let app: TestApp;
const inStore = <T>(fn: (ctx: Ctx) => Promise<T>) => app.inStore('rugs', fn);
const LINK = 'http://localhost:3000/s/rugs';
const OWEN = { nickname: 'Owen Marsh', email: 'owen.marsh@example.org', password: 'original password 1' };

/** The token of the newest reset e-mail in the outbox. */
const latestToken = async () => {
  const [message] = await inStore((ctx) => readOutbox(ctx, 1));
  return /token=([A-Za-z0-9_-]+)/.exec(message!.body!)![1]!;
};

beforeAll(async () => {
  app = await createTestApp({ clock });
  await makeMember(app, 'rugs', OWEN);
});
afterAll(() => app.close());

describe(`SF-7: password reset by a one-time link through the outbox (${ENGINE})`, () => {
  it('SF-7: the reset e-mail waits in the outbox, sealed, addressed to the member', async () => {
    await inStore((ctx) => requestPasswordReset(ctx, { email: ' Owen.Marsh@example.org' }));
    const [message] = await inStore((ctx) => readOutbox(ctx, 1));
    expect(message).toMatchObject({ template: 'password_reset', recipient: 'owen.marsh@example.org' });
    expect(message!.body).toContain('Hello Owen Marsh');
    expect(message!.body).toMatch(new RegExp(`^${LINK}/account/reset\\?token=[A-Za-z0-9_-]{43}$`, 'm'));
    const raw = JSON.stringify(
      await inStore((ctx) => queryRows(ctx.db, sql`select * from notifications.outbox`)),
    );
    expect(raw).not.toContain('owen');
    expect(raw).not.toContain('token=');
  });

  it('SF-7: an unknown address sends nothing (and the caller cannot tell the difference)', async () => {
    const before = (await inStore((ctx) => readOutbox(ctx, 100))).length;
    await expect(
      inStore((ctx) => requestPasswordReset(ctx, { email: 'nobody@example.org' })),
    ).resolves.toBeUndefined();
    expect((await inStore((ctx) => readOutbox(ctx, 100))).length).toBe(before);
  });

  it('SF-7: the link sets a new password once, ends every session, and lifts a lockout', async () => {
    const signedIn = await inStore((ctx) => logIn(ctx, { email: OWEN.email, password: OWEN.password }));
    expect(signedIn.status).toBe('signed_in');
    await inStore((ctx) => requestPasswordReset(ctx, { email: OWEN.email }));
    const token = await latestToken();
    await expect(inStore((ctx) => resetPassword(ctx, { token, password: 'short' }))).rejects.toThrow(
      'password must be 10–200 characters',
    );
    await inStore((ctx) => resetPassword(ctx, { token, password: 'brand new password 2' }));
    if (signedIn.status === 'signed_in')
      expect(await inStore((ctx) => customerOfSession(ctx, signedIn.token))).toBeUndefined();
    expect((await inStore((ctx) => logIn(ctx, { email: OWEN.email, password: OWEN.password }))).status).toBe(
      'refused',
    );
    expect(
      (await inStore((ctx) => logIn(ctx, { email: OWEN.email, password: 'brand new password 2' }))).status,
    ).toBe('signed_in');
    await expect(
      inStore((ctx) => resetPassword(ctx, { token, password: 'third password 333' })),
    ).rejects.toThrow('this reset link is not valid any more');
  });

  it('SF-7: asking again voids every earlier link; using one voids every other', async () => {
    await inStore((ctx) => requestPasswordReset(ctx, { email: OWEN.email }));
    const first = await latestToken();
    await inStore((ctx) => requestPasswordReset(ctx, { email: OWEN.email }));
    const second = await latestToken();
    await expect(
      inStore((ctx) => resetPassword(ctx, { token: first, password: 'from the old link 1' })),
    ).rejects.toThrow('not valid any more');
    await inStore((ctx) => resetPassword(ctx, { token: second, password: 'from the new link 2' }));
    await expect(
      inStore((ctx) => resetPassword(ctx, { token: second, password: 'once more please 3' })),
    ).rejects.toThrow('not valid any more');
  });

  it('SF-7: a completed reset voids links that were issued after the one used', async () => {
    await inStore((ctx) => requestPasswordReset(ctx, { email: OWEN.email }));
    const used = await latestToken();
    // A second link issued meanwhile (by the member or anyone who knows the address) …
    const { token: other } = await inStore(async (ctx) => {
      const { hashSecretToken, newSecretToken } = await import('../../src/platform/tokens.ts');
      const t = newSecretToken();
      await queryRows(
        ctx.db,
        sql`insert into accounts.password_reset (token_hash, customer_id, created_at, expires_at)
            select ${hashSecretToken(t)}, id, ${ctx.now()}, ${new Date(ctx.now().getTime() + 3_600_000)} from accounts.customer`,
      );
      return { token: t };
    });
    await inStore((ctx) => resetPassword(ctx, { token: used, password: 'chosen by owner 4' }));
    // … stops working once the owner has chosen a password.
    await expect(
      inStore((ctx) => resetPassword(ctx, { token: other, password: 'chosen by other 5' })),
    ).rejects.toThrow('not valid any more');
  });

  it('SF-7: a link older than 60 minutes no longer works', async () => {
    await inStore((ctx) => requestPasswordReset(ctx, { email: OWEN.email }));
    const token = await latestToken();
    clock.advance(61 * 60_000);
    await expect(
      inStore((ctx) => resetPassword(ctx, { token, password: 'too late password' })),
    ).rejects.toThrow('not valid any more');
  });

  it('SEC-1: shredding the member (destroying their key) shreds their mail in the outbox too', async () => {
    const [message] = await inStore((ctx) => readOutbox(ctx, 1));
    const [row] = await inStore((ctx) =>
      queryRows<{ subject_id: string }>(
        ctx.db,
        sql`select subject_id from notifications.outbox where id = ${message!.id}`,
      ),
    );
    await inStore((ctx) => ctx.vault.shredSubject(ctx, row!.subject_id));
    const [after] = await inStore((ctx) => readOutbox(ctx, 1));
    expect(after).toMatchObject({ recipient: null, body: null });
  });
});
