import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '#platform/clock.ts';
import { plantCanary } from '#modules/security';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser, logInAsDemoStaff } from '../support/browser.ts';
import { api, anotherShopper } from '../support/shop-api.ts';

// IR-1..3, SEC-4 in Chromium with JavaScript off: compliance sees an alert on the dashboard, opens
// an incident from it, records what was done and the partner notice; the clocks are on the page.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'rugs';

describe.skipIf(!HAS_CHROMIUM)(`IR-1..3: security pages in Chromium (${ENGINE})`, () => {
  let app: TestApp;
  let browser: Browser;

  const logIn = (page: Page, role: string) => logInAsDemoStaff(page, app.origin, clock, role, STORE);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp({ clock, env: { PLEDGE_CANARY_ACCOUNTS: 'true' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('IR-3, IR-1, IR-2: a sign-in attempt on a canary account reaches the compliance dashboard; compliance opens an incident, records an action and the partner notice; the authority clock still runs', async () => {
    const email = 'maren.fairlie@watch.example';
    await app.inStore(STORE, (ctx) => plantCanary(ctx, { email }));
    await api(app, 'POST', `/api/stores/${STORE}/sessions`, {
      ip: anotherShopper(),
      body: { email, password: 'x' },
    });
    await app.scheduler.runNow('security.detect');

    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    await logIn(page, 'compliance');
    await page.goto(`${app.origin}/admin/s/${STORE}`);
    await expect(page.locator('[role=alert]').innerText()).resolves.toContain('One security alert is open');
    await page.click('text=see and act on them');
    await expect(page.locator('main').innerText()).resolves.toContain('canary account');
    await page.fill(
      'input[name=summary]',
      'Someone tried to sign in with a canary address: the customer list may have leaked.',
    );
    await page.click('button:has-text("Open an incident")');
    const opened = await page.locator('[role=status]').innerText();
    expect(opened).toMatch(/Incident INC-[0-9A-Z]{8} opened/);
    await page.click('table a');
    await expect(page.locator('main').innerText()).resolves.toMatch(/due .* — 2[34] h left/);
    await page.selectOption('select[name=kind]', 'action');
    await page.fill('textarea[name=text]', 'Passwords of every member reset; sessions ended.');
    await page.click('button:has-text("Add")');
    await page.click('button:has-text("Record: Marketplace / partner (24 h) notified")');
    const main = await page.locator('main').innerText();
    expect(main).toContain('Notice recorded');
    expect(main).toContain('Passwords of every member reset; sessions ended.');
    expect(main).toMatch(/notified/);
    expect(main).toMatch(/due .* — 7[12] h left/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-incident.png'), fullPage: true });

    // The owner sees the register; the warehouse has no way in.
    const ownerContext = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 800 },
    });
    const owner = await ownerContext.newPage();
    await logIn(owner, 'owner');
    await owner.goto(`${app.origin}/admin/s/${STORE}/security`);
    await expect(owner.locator('main').innerText()).resolves.toContain('Incidents');
    await owner.screenshot({ path: path.join(ARTIFACTS, 'admin-security-phone.png'), fullPage: true });
    const whContext = await browser.newContext({ javaScriptEnabled: false });
    const wh = await whContext.newPage();
    await logIn(wh, 'warehouse');
    const res = await wh.goto(`${app.origin}/admin/s/${STORE}/security`);
    expect(res?.status()).toBe(403);
  }, 120_000);
});
