import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/modules/notifications/index.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { makeMember } from '../support/factories.ts';

let app: TestApp;
const KNOWN = { nickname: 'Known', email: 'known.member@example.org', password: 'known member pass 1' };
beforeAll(async () => {
  app = await createTestApp();
  await makeMember(app, 'skincare', KNOWN);
});
afterAll(() => app.close());

const mails = () => app.inStore('skincare', (ctx) => readOutbox({ ...ctx, vault: app.vault }, 500));

describe(`SEC-4: registration and password reset answer before they look the address up (${ENGINE})`, () => {
  it.each([
    [
      'registration',
      '/api/stores/skincare/customers',
      (email: string) => ({ nickname: 'X', email, password: 'some password 12' }),
    ],
    ['password reset', '/api/stores/skincare/password-resets', (email: string) => ({ email })],
  ])(
    'SEC-4: %s: the answer is sent before any e-mail exists, for a known and an unknown address alike',
    async (_name, url, body) => {
      await app.background.settled();
      const first = (await mails()).length;
      const answers = [];
      for (const email of [KNOWN.email, 'unknown.visitor@example.org']) {
        const before = (await mails()).length;
        app.background.hold();
        const res = await app.http.inject({ method: 'POST', url, payload: body(email) });
        // The answer left while the work that looks the address up was still held back: its
        // content and timing cannot depend on what that work finds.
        expect((await mails()).length).toBe(before);
        answers.push({ status: res.statusCode, body: res.body });
        app.background.release();
        await app.background.settled();
      }
      expect(answers[0]).toEqual(answers[1]);
      expect((await mails()).length).toBeGreaterThan(first);
    },
  );
});
