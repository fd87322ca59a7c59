import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { latestMail, makeMember } from '../support/factories.ts';

const OWEN = { nickname: 'Owen', email: 'owen.linkcheck@example.org', password: 'a fine password 12' };
const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((a) => a.close())));

async function appWith(env: NodeJS.ProcessEnv) {
  const app = await createTestApp({ env });
  apps.push(app);
  await makeMember(app, 'rugs', OWEN);
  return app;
}

async function resetLinkAfter(app: TestApp, request: () => Promise<unknown>): Promise<string> {
  await request();
  const mail = await latestMail(app, 'rugs', 'password_reset');
  return /^(https?:\/\/\S+)\?token=/m.exec(mail?.body ?? '')?.[1] ?? 'no link';
}

const viaApi = (app: TestApp) => () =>
  app.http.inject({
    method: 'POST',
    url: '/api/stores/rugs/password-resets',
    headers: FORGED,
    payload: { email: OWEN.email },
  });

describe(`SF-7, SEC-4: links in e-mails come from configuration, never from request headers (${ENGINE})`, () => {
  it('SF-7: a forged Host and X-Forwarded-Host do not move the reset link (default public URL)', async () => {
    const app = await appWith({});
    expect(await resetLinkAfter(app, viaApi(app))).toBe('http://localhost:3000/s/rugs/account/reset');
  });

  it('SF-7: behind TLS, even a trusted proxy’s forwarded host does not move the link', async () => {
    const app = await appWith({ PLEDGE_BEHIND_TLS: 'true', PLEDGE_PUBLIC_URL: 'https://pledge.example.com' });
    expect(await resetLinkAfter(app, viaApi(app))).toBe('https://pledge.example.com/s/rugs/account/reset');
  });

  it('SF-7: a store with its own host name gets links on that host; *.localhost names are never used', async () => {
    const app = await appWith({
      PLEDGE_PUBLIC_URL: 'https://pledge.example.com',
      PLEDGE_HOSTS: 'washwell.example=rugs',
    });
    expect(await resetLinkAfter(app, viaApi(app))).toBe('https://washwell.example/account/reset');
  });

  it('SF-7: the storefront form ignores a forged Host too', async () => {
    const app = await appWith({});
    const form = await app.http.inject({ method: 'GET', url: '/s/rugs/account/forgot' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookie = [form.headers['set-cookie']]
      .flat()
      .map((c) => String(c).split(';')[0])
      .join('; ');
    const link = await resetLinkAfter(app, () =>
      app.http.inject({
        method: 'POST',
        url: '/s/rugs/account/forgot',
        headers: { ...FORGED, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, email: OWEN.email }).toString(),
      }),
    );
    expect(link).toBe('http://localhost:3000/s/rugs/account/reset');
  });
});
