import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { FixedClock } from '#platform/clock.ts';
import { queryRows } from '#db/client.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser, logInAsDemoStaff } from '../support/browser.ts';
import { makeOrder } from '../support/factories.ts';
import { PERSONAS } from '../support/personas.ts';

// RT-5 in Chromium with JavaScript off: compliance places a hold by order number, downloads the
// held copy for the matter, and releases the hold; the subject's key follows each step.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const STORE = 'skincare';

describe.skipIf(!HAS_CHROMIUM)(`RT-5: legal holds in Chromium (${ENGINE})`, () => {
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

  it('RT-5: compliance places a hold on an order’s person, downloads the held copy, then releases it', async () => {
    const order = await makeOrder(app, STORE);
    const locked = () =>
      app.database.asOperator((db) =>
        queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from privacy.subject_key k join orders."order" o on o.subject_id = k.subject_id
              where o.number = ${order.number} and k.locked_key is not null`,
        ).then((r) => r[0]!.n),
      );
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await logInAsDemoStaff(page, app.origin, clock, 'compliance', STORE);
    await page.click('nav >> text=Legal holds');
    await expect(page.locator('main').innerText()).resolves.toContain('No legal hold.');

    await page.fill('input[name=orderNumber]', order.number.toLowerCase());
    await page.selectOption('select[name=basis]', 'authority_request');
    await page.fill('input[name=reference]', 'AUTH-2026-4');
    await page.click('button:has-text("Place the hold")');
    await expect(page.locator('[role=status]').innerText()).resolves.toContain('Hold placed on one person');
    expect(await locked()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'legal-holds.png'), fullPage: true });

    await page.selectOption('select[name=reason]', 'legal_counsel_review');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Download a copy")'),
    ]);
    const copy = JSON.parse(
      await download.createReadStream().then(async (stream) => {
        let text = '';
        for await (const chunk of stream) text += String(chunk);
        return text;
      }),
    ) as { tables: Record<string, unknown[]> };
    expect(JSON.stringify(copy.tables)).toContain(PERSONAS.guest.email);
    expect(await locked()).toBe(1); // the copy did not unlock anything

    await page.click('button:has-text("Release the hold")');
    await expect(page.locator('[role=status]').innerText()).resolves.toContain('released');
    expect(await locked()).toBe(0);
    await context.close();
  });
});
