import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { FixedClock } from '#platform/clock.ts';
import { totpCode } from '#modules/staff';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '#seeds/demo/demo-staff.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser } from '../support/browser.ts';
import { makeOrder } from '../support/factories.ts';
import { PERSONAS } from '../support/personas.ts';

// SH-5, SH-6 (issue 13, item 1): the processor register and the disclosure register in the back
// office, in Chromium with JavaScript off. Its own app: log-in limits count per app.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const G = PERSONAS.guest;

describe.skipIf(!HAS_CHROMIUM)(`SH-5, SH-6: sharing in the back office (${ENGINE})`, () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let number: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp({ clock });
    origin = app.origin;
    browser = await launchBrowser();
    number = (await makeOrder(app, 'skincare')).number;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('SH-5, SH-6: compliance sees the processor register and the disclosure register, terminates the payment provider (the shop stops taking payments) and registers one again', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/admin/login`);
    await page.fill('#email', 'compliance@skincare.example');
    await page.fill('#password', DEMO_STAFF_PASSWORD);
    await page.fill('#totp', totpCode(DEMO_STAFF_TOTP_SECRET, clock.now()));
    await page.click('button[type=submit]');
    await page.click('nav >> text=Sharing');
    const main = () => page.locator('main').textContent();
    expect(await main()).toContain('Built-in test card processor');
    const register = (await page.locator('table').nth(1).textContent())!;
    expect(register).toContain(number); // the order placed before, shared by field name
    expect(register).toContain('amount_cents');
    expect(register).not.toContain(G.email);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-sharing.png'), fullPage: true });

    const payments = page.locator('tr', { hasText: 'Built-in test card processor' });
    await payments.locator('input[name=reason]').fill('Agreement ended');
    await payments.locator('button:has-text("Terminate")').click();
    expect(await page.locator('.notice[role=status]').textContent()).toContain('terminated');
    await expect(makeOrder(app, 'skincare')).rejects.toThrow(/503/);

    await page.selectOption('select[name=kind]', 'payment_provider');
    await page.fill('input[name=name]', 'Acme Payments');
    await page.selectOption('select[name=purpose]', 'payment');
    await page.fill('input[name=agreementRef]', 'DPA-2026-114');
    await page.fill(
      'textarea[name=fields]',
      'payment_card\namount_cents\ncurrency\norder_ref\nsettlement_ref\norders.order.contact_email',
    );
    await page.click('button:has-text("Register processor")');
    expect(await page.locator('.error[role=alert]').textContent()).toContain('orders.order.contact_email');
    await page.fill(
      'textarea[name=fields]',
      'payment_card\namount_cents\ncurrency\norder_ref\nsettlement_ref',
    );
    await page.click('button:has-text("Register processor")');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('Acme Payments registered');
    await makeOrder(app, 'skincare'); // payments flow again, to the new processor
    await context.close();
  });
});
