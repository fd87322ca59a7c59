import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember } from '../support/factories.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let noOutbox: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { PLEDGE_DEV_OUTBOX: 'true' } });
  noOutbox = await createTestApp();
});
afterAll(async () => {
  await app.close();
  await noOutbox.close();
});

const jar = new Map<string, string>();
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const keep = (h: string | string[] | undefined) => {
  for (const c of [h ?? []].flat()) {
    const [name, value] = c.split(';')[0]!.split('=');
    jar.set(name!, value!);
  }
};
const get = async (url: string) => {
  const res = await app.http.inject({
    method: 'GET',
    url,
    headers: { host: 'localhost:3000', cookie: cookie() },
  });
  keep(res.headers['set-cookie']);
  return res;
};
const post = async (url: string, form: Record<string, string>) => {
  const res = await app.http.inject({
    method: 'POST',
    url,
    headers: {
      host: 'localhost:3000',
      cookie: cookie(),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams(form).toString(),
  });
  keep(res.headers['set-cookie']);
  return res;
};
const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

describe(`SF-7: password reset pages and the development outbox (${ENGINE})`, () => {
  it('SF-7: forgot → e-mail in the outbox → link → new password → log in', async () => {
    await makeMember(app, 'skincare', {
      nickname: 'Ivy',
      email: 'ivy@example.org',
      password: 'ivy first password',
    });

    const login = await get('/s/skincare/account/login');
    expect(login.body).toContain('href="/s/skincare/account/forgot"');
    const forgot = await get('/s/skincare/account/forgot');
    const sent = await post('/s/skincare/account/forgot', {
      email: 'ivy@example.org',
      _csrf: csrf(forgot.body),
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('If an account uses that address, we have sent it a link');
    expect(sent.body).not.toContain('ivy@example.org');
    await app.background.settled(); // the e-mail is sent after the answer

    const outbox = await get('/s/skincare/dev/outbox');
    expect(outbox.body).toContain('password_reset');
    expect(outbox.body).toContain('ivy@example.org');
    const link = /http:\/\/localhost:3000(\/s\/skincare\/account\/reset\?token=[A-Za-z0-9_-]+)/.exec(
      outbox.body,
    )![1]!;

    const resetPage = await get(link);
    expect(resetPage.statusCode).toBe(200);
    expect(resetPage.headers['referrer-policy']).toBe('no-referrer');
    const token = /name="token" value="([^"]+)"/.exec(resetPage.body)![1]!;
    const weak = await post('/s/skincare/account/reset', {
      token,
      password: 'short',
      _csrf: csrf(resetPage.body),
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('password must be 10–200 characters');
    const done = await post('/s/skincare/account/reset', {
      token,
      password: 'ivy second password',
      _csrf: csrf(weak.body),
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/s/skincare/account/login?done=password_changed');

    const again = await get(done.headers.location as string);
    expect(again.body).toMatch(/role="status">Your password is changed\. Log in with the new one\./);
    const signedIn = await post('/s/skincare/account/login', {
      email: 'ivy@example.org',
      password: 'ivy second password',
      _csrf: csrf(again.body),
    });
    expect(signedIn.statusCode).toBe(303);
    const reuse = await post('/s/skincare/account/reset', {
      token,
      password: 'ivy third password',
      _csrf: csrf(again.body),
    });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.body).toContain('not valid any more');
  });

  it('SF-7: an unknown address gets the very same answer', async () => {
    const forgot = await get('/s/skincare/account/forgot');
    const res = await post('/s/skincare/account/forgot', {
      email: 'nobody-here@example.org',
      _csrf: csrf(forgot.body),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('If an account uses that address, we have sent it a link');
  });

  it('the development outbox does not exist unless PLEDGE_DEV_OUTBOX=true', async () => {
    const res = await noOutbox.http.inject({ method: 'GET', url: '/s/skincare/dev/outbox' });
    expect(res.statusCode).toBe(404);
  });

  it('the development outbox answers only this machine: another address or a forwarded request finds nothing', async () => {
    const local = await app.http.inject({ method: 'GET', url: '/s/skincare/dev/outbox' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('only requests from this machine');
    const remote = await app.http.inject({
      method: 'GET',
      url: '/s/skincare/dev/outbox',
      remoteAddress: '203.0.113.9',
    });
    expect(remote.statusCode).toBe(404);
    expect(remote.body).not.toContain('ivy@example.org');
    const proxied = await app.http.inject({
      method: 'GET',
      url: '/s/skincare/dev/outbox',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.statusCode).toBe(404);
  });

  it('SH-4: the reset token and the address never reached a log line', () => {
    expect(app.logs.text).not.toContain('ivy@example.org');
    expect(app.logs.text).not.toMatch(/token=[A-Za-z0-9_-]{20}/);
  });
});
