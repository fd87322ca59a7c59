import { describe, expect, it } from 'vitest';
import { createTestApp, ENGINE } from '../support/test-app.ts';
import { PERSONAS } from '../support/personas.ts';

describe(`PV-1, SEC-1: the log guard every test app runs on close (${ENGINE})`, () => {
  it('SEC-1: a persona value in the logs fails the test that wrote it; a number inside a timing does not', async () => {
    const app = await createTestApp();
    app.log.info({ responseTime: Number(`1.${PERSONAS.member.postalCode}`) }, 'timing only');
    app.log.info({ contact: PERSONAS.guest.email }, 'a careless log line');
    await expect(app.close()).rejects.toThrow('personal data reached the logs: 1 value(s)');
  });
});
