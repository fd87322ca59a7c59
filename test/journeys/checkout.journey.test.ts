import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { fillCheckout, shopOneItem } from '../support/shopping.ts';
import { tokenFromMail } from '../support/factories.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser } from '../support/browser.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';

const ARTIFACTS = path.resolve('test/artifacts');
const STORES = [
  { store: 'skincare', search: 'moisturiser' },
  { store: 'fragrance', search: 'clubb de nuit' },
  { store: 'rugs', search: 'washible rug' },
];

describe.skipIf(!HAS_CHROMIUM)(`CK-1, CK-2: buying in Chromium with JavaScript off (${ENGINE})`, () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp();
    origin = app.origin;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const { store, search } of STORES) {
    it(`CK-1/CK-2: ${store}: search → cart → guest checkout (declined, then paid) → confirmation → order lookup`, async () => {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      const shot = (step: string) =>
        page.screenshot({ path: path.join(ARTIFACTS, `${store}-checkout-${step}.png`), fullPage: true });
      const name = await shopOneItem(page, origin, store, search);
      await shot('1-form');

      await fillCheckout(page, PERSONAS.guest, TEST_CARDS.declined);
      await page.locator('button.place-order').click();
      expect(await page.locator('.form-error').innerText()).toBe('Your card was declined.');
      // What was typed survives, except the card, which is never echoed back.
      expect(await page.inputValue('#f-city')).toBe(PERSONAS.guest.city);
      expect(await page.inputValue('#f-cardNumber')).toBe('');
      expect(await page.content()).not.toContain(TEST_CARDS.declined);
      await shot('2-declined');

      await page.fill('#f-cardNumber', TEST_CARDS.approved);
      await page.fill('#f-cardExpiry', '12/30');
      await page.fill('#f-cardCvc', '123');
      expect(await page.isChecked('input[name="consent"]')).toBe(true); // the tick survived the decline
      await page.locator('button.place-order').click();
      await page.waitForURL(/\/orders\/[A-Z]{3}-/);
      expect(await page.locator('.confirmation h1').innerText()).toMatch(/your order is placed/);
      const number = await page.locator('.confirmation .order-number').innerText();
      expect(await page.locator('.cart-lines tbody').innerText()).toContain(name);
      expect(await page.locator('.ship-to address').innerText()).toContain(PERSONAS.guest.recipientName);
      await shot('3-confirmation');

      // Another browser (no cookies): the number alone shows nothing; number + e-mail finds it.
      const other = await browser.newContext({ javaScriptEnabled: false });
      const visitor = await other.newPage();
      const direct = await visitor.goto(`${origin}/s/${store}/orders/${number}`);
      expect(direct!.status()).toBe(404);
      await visitor.goto(`${origin}/s/${store}`);
      await visitor.locator('footer a', { hasText: 'Find my order' }).click();
      await visitor.fill('input[name="number"]', number);
      await visitor.fill('input[name="email"]', 'wrong@example.net');
      await visitor.locator('main form button').click();
      expect(await visitor.locator('.form-error').innerText()).toMatch(/found no order/);
      await visitor.fill('input[name="email"]', PERSONAS.guest.email);
      await visitor.locator('main form button').click();
      await visitor.waitForURL(new RegExp(`/orders/${number}$`));
      expect(await visitor.locator('h1 .order-number').innerText()).toBe(number);
      expect(await visitor.locator('.order-status').innerText()).toMatch(/Paid/);
      await visitor.screenshot({
        path: path.join(ARTIFACTS, `${store}-checkout-4-lookup.png`),
        fullPage: true,
      });
      await other.close();
      await context.close();
    });

    it(`CK-2/SF-7: ${store}: register → log out → log in → member checkout → order history`, async () => {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
      });
      const page = await context.newPage();
      const m = PERSONAS.member;
      await page.goto(`${origin}/s/${store}/account/register`);
      await page.fill('input[name="nickname"]', m.nickname);
      await page.fill('input[name="email"]', m.email);
      await page.fill('input[name="password"]', m.password);
      await page.locator('main form button[type="submit"]').click();
      expect(await page.locator('main h1').innerText()).toBe('Check your e-mail');
      // The link from the confirmation e-mail, opened in the same browser.
      const token = await tokenFromMail(app, store, 'confirm_registration');
      await page.goto(`${origin}/s/${store}/account/confirm?token=${token}`);
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/\/account$/);
      await page.locator('form[action$="/account/logout"] button').click();
      await page.goto(`${origin}/s/${store}/account/login`);
      await page.fill('input[name="email"]', m.email);
      await page.fill('input[name="password"]', m.password);
      await page.locator('main form button[type="submit"]').click();
      await page.waitForURL(/\/account$/);

      await shopOneItem(page, origin, store, search);
      expect(await page.inputValue('#f-email')).toBe(m.email); // prefilled from the account
      expect(await page.locator('.checkout-form').innerText()).not.toContain('Checking out as a guest');
      await fillCheckout(page, m, TEST_CARDS.approved);
      await page.screenshot({
        path: path.join(ARTIFACTS, `${store}-member-1-checkout-phone.png`),
        fullPage: true,
      });
      await page.locator('button.place-order').click();
      await page.waitForURL(/\/orders\/[A-Z]{3}-/);
      const number = await page.locator('.confirmation .order-number').innerText();

      await page.goto(`${origin}/s/${store}/account`);
      await page.locator('a', { hasText: 'Your orders' }).click();
      expect(await page.locator('.order-history tbody tr').count()).toBe(1);
      expect(await page.locator('.order-history tbody a').first().innerText()).toBe(number);
      await page.screenshot({
        path: path.join(ARTIFACTS, `${store}-member-2-history-phone.png`),
        fullPage: true,
      });
      await page.locator('.order-history tbody a').first().click();
      expect(await page.locator('h1 .order-number').innerText()).toBe(number);
      await context.close();
    });
  }
});
