import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser, logInAsDemoStaff } from '../support/browser.ts';

// PL-1, PL-2 in Chromium with JavaScript off: the owner publishes the next privacy-policy version
// from the back office, at the earliest 14 days ahead; the changes page shows it at once.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-12-10T15:00:00Z'));
const STORE = 'rugs';

describe.skipIf(!HAS_CHROMIUM)(`PL-2: publishing a policy version in Chromium (${ENGINE})`, () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp({ clock });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('PL-2: the owner publishes a version that asks again for consent, no sooner than 14 days ahead; shoppers read it on the changes page', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    await logInAsDemoStaff(page, app.origin, clock, 'owner', STORE);
    await page.click('nav >> text=Privacy policy');
    await expect(page.locator('main').innerText()).resolves.toContain('Version 2026-12-07');

    // The form proposes the earliest day it allows (14 days ahead), and refuses an earlier one.
    await expect(page.locator('input[name=effectiveOn]').getAttribute('min')).resolves.toBe('2026-12-24');
    await page.fill('input[name=version]', '2027-01-04');
    await page.fill('input[name=effectiveOn]', '2027-01-04');
    await page.fill(
      'textarea[name=summary]',
      'Suggestions also use your wishlist.\nThe wishlist is kept for a year.',
    );
    await page.check('input[name=asksConsentAgain]');
    await page.click('button:has-text("Publish")');
    await expect(page.locator('[role=status]').innerText()).resolves.toContain(
      'Version 2027-01-04 is published',
    );
    await expect(page.locator('main').innerText()).resolves.toContain('asks again for consent');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-policy.png'), fullPage: true });

    const changes = await app.http.inject({ method: 'GET', url: `/s/${STORE}/privacy/changes` });
    expect(changes.body).toContain('The wishlist is kept for a year.');
    await context.close();
  });
});
