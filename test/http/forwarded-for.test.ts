import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((a) => a.close())));

async function appWith(env: NodeJS.ProcessEnv) {
  const app = await createTestApp({ env });
  apps.push(app);
  return app;
}

/** Eleven log-in attempts (each for another address, so no account throttle is involved). */
async function statusesOf(app: TestApp, from: (i: number) => { remoteAddress: string; xff?: string }) {
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    const { remoteAddress, xff } = from(i);
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/stores/rugs/sessions',
      remoteAddress,
      headers: xff ? { 'x-forwarded-for': xff } : {},
      payload: { email: `someone${i}@example.org`, password: 'not the password' },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe(`SEC-4: X-Forwarded-For is believed only from configured proxies (${ENGINE})`, () => {
  it('SEC-4: behind TLS, a client that rotates its own X-Forwarded-For still hits the per-address limit', async () => {
    const app = await appWith({ PLEDGE_BEHIND_TLS: 'true' });
    const statuses = await statusesOf(app, (i) => ({ remoteAddress: '203.0.113.50', xff: `10.0.${i}.1` }));
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('SEC-4: the trusted proxy (loopback by default behind TLS) passes on each client’s own address', async () => {
    const app = await appWith({ PLEDGE_BEHIND_TLS: 'true' });
    const statuses = await statusesOf(app, (i) => ({ remoteAddress: '127.0.0.1', xff: `192.0.2.${i + 1}` }));
    expect(statuses.every((s) => s === 401)).toBe(true);
  });

  it('SEC-4: PLEDGE_TRUSTED_PROXIES names the proxies; any other sender’s X-Forwarded-For is ignored', async () => {
    const app = await appWith({ PLEDGE_BEHIND_TLS: 'true', PLEDGE_TRUSTED_PROXIES: '10.1.2.3' });
    const fromOther = await statusesOf(app, (i) => ({ remoteAddress: '127.0.0.1', xff: `192.0.2.${i + 1}` }));
    expect(fromOther[10]).toBe(429);
    const fromProxy = await statusesOf(app, (i) => ({
      remoteAddress: '10.1.2.3',
      xff: `198.51.100.${i + 1}`,
    }));
    expect(fromProxy.every((s) => s === 401)).toBe(true);
  });

  it('SEC-4: without TLS nothing is forwarded: X-Forwarded-For is ignored altogether', async () => {
    const app = await appWith({});
    const statuses = await statusesOf(app, (i) => ({ remoteAddress: '127.0.0.1', xff: `192.0.2.${i + 1}` }));
    expect(statuses[10]).toBe(429);
  });

  it('SEC-4: a malformed PLEDGE_TRUSTED_PROXIES stops the start with a clear message', async () => {
    await expect(appWith({ PLEDGE_TRUSTED_PROXIES: 'proxy.example.com' })).rejects.toThrow(
      "PLEDGE_TRUSTED_PROXIES entry 'proxy.example.com' must be an IP address or CIDR range",
    );
  });
});
