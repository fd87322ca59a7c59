import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser } from '../support/browser.ts';

const ARTIFACTS = path.resolve('test/artifacts');

const JOURNEYS = [
  {
    store: 'skincare',
    category: 'Moisturizers',
    typo: 'moisturizr',
    expect: /Moisturizer/,
    banner: 'Summer Glow Sale',
  },
  {
    store: 'fragrance',
    category: 'For Him',
    typo: 'clubb de nuit',
    expect: /Club de Nuit/,
    banner: 'The Gift Edit',
  },
  {
    store: 'rugs',
    category: 'Runners',
    typo: 'washible rug',
    expect: /Washable/,
    banner: 'Spill-Proof Season',
  },
];

describe.skipIf(!HAS_CHROMIUM)(
  `SF-1, SF-2: shopper journeys in Chromium with JavaScript off (${ENGINE})`,
  () => {
    let app: TestApp;
    let browser: Browser;
    let origin: string;
    const requests: string[] = [];

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

    for (const journey of JOURNEYS) {
      it(`SF-1/SF-2/SF-5: ${journey.store}: home → category → typo search → product page → cart`, async () => {
        for (const [device, viewport] of [
          ['desktop', { width: 1280, height: 900 }],
          ['phone', { width: 390, height: 844 }],
        ] as const) {
          const context = await browser.newContext({ javaScriptEnabled: false, viewport });
          const page = await context.newPage();
          page.on('request', (r) => requests.push(r.url()));
          const shot = (step: string) =>
            page.screenshot({
              path: path.join(ARTIFACTS, `${journey.store}-${device}-${step}.png`),
              fullPage: false,
            });

          await page.goto(`${origin}/s/${journey.store}`);
          expect(await page.locator('.announcement').innerText()).toMatch(/free/i);
          expect(await page.locator('.banner h1').innerText()).toBe(journey.banner);
          await shot('1-home');

          await page.locator('nav[aria-label="Categories"] a', { hasText: journey.category }).first().click();
          expect(await page.locator('main h1').innerText()).toBe(journey.category);
          expect(await page.locator('.grid .tile').count()).toBeGreaterThan(0);
          await shot('2-category');

          await page.fill('#q', journey.typo);
          await page.press('#q', 'Enter');
          await page.waitForURL(/\/search\?q=/);
          expect(await page.locator('main h1').innerText()).toMatch(/\d+ results? for/);
          expect(await page.locator('.did-you-mean').count()).toBe(1);
          const firstName = await page.locator('.grid .tile-name').first().innerText();
          expect(firstName).toMatch(journey.expect);
          await shot('3-search');

          await page.locator('.grid .tile-link').first().click();
          expect(await page.locator('.product h1').innerText()).toBe(firstName);
          expect(await page.locator('.variants .variant').count()).toBeGreaterThanOrEqual(2);
          // Choosing another size is a plain link: the page reloads with that variant selected.
          await page.locator('.variants .variant').nth(1).click();
          expect(await page.locator('.variant.selected').count()).toBe(1);
          expect(page.url()).toContain('variant=');
          await shot('4-product');

          // Add to cart is a plain form POST; the browser's Origin header passes the same-origin check.
          await page.locator('.add-to-cart button').click();
          await page.waitForURL(/\/cart(\?|$)/);
          expect(await page.locator('.cart-lines tbody tr').count()).toBe(1);
          expect(await page.locator('.cart-lines tbody tr a').first().innerText()).toBe(firstName);
          expect(await page.locator('.totals dd.grand').innerText()).toMatch(/^\$\d+\.\d{2}$/);
          await shot('5-cart');
          await context.close();
        }
      });
    }

    it('SF-1: on a phone (390 px) and a tablet (820 px) the header reaches a category, the cart (with its count) and the account by clicking', async () => {
      for (const width of [390, 820]) {
        const context = await browser.newContext({
          javaScriptEnabled: false,
          viewport: { width, height: 900 },
        });
        const page = await context.newPage();
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`${origin}/s/rugs`);
        // Search, account and cart stay in the header at this width.
        for (const selector of ['#q', '.header-links >> text=Account', '.header-links .cart-link'])
          expect(await page.locator(selector).isVisible(), `${width}px ${selector}`).toBe(true);
        await page.click('.menu summary');
        await page.screenshot({ path: path.join(ARTIFACTS, `rugs-${width}-menu.png`) });
        await page.click('nav[aria-label="All categories"] >> text=Runners');
        expect(await page.locator('main h1').innerText()).toBe('Runners');

        await page.locator('.grid .tile-link').first().click();
        await page.locator('.add-to-cart button').click();
        await page.waitForURL(/\/cart(\?|$)/);
        expect(await page.locator('.header-links .cart-count').innerText()).toBe('1');
        // Catalog pages are rendered once for everyone: they never carry a visitor's cart count.
        await page.goto(`${origin}/s/rugs/c/runners`);
        expect(await page.locator('.header-links .cart-count').count()).toBe(0);
        // A page with a cart in it is the visitor's own: no shared cache may keep it.
        const home = await page.goto(`${origin}/s/rugs/privacy`);
        expect(home!.headers()['cache-control']).toMatch(/^private/);

        await page.goto(`${origin}/s/rugs`);
        await page.click('.header-links .cart-link');
        await page.waitForURL(/\/cart$/);
        await page.click('.header-links >> text=Account');
        await page.waitForURL(/\/account/);
        expect(await page.locator('main h1').innerText()).toMatch(/log in|account/i);
        await context.close();
      }
    });

    it('SF-2: with JavaScript on, suggestions appear as the shopper types (htmx) and lead to the product; Enter still searches', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${origin}/s/fragrance`);
      await page.locator('#q').pressSequentially('odysey', { delay: 30 });
      const first = page.locator('#search-suggestions .suggestion-list a').first();
      await first.waitFor({ state: 'visible' });
      expect(await first.innerText()).toMatch(/Odyssey/);
      expect(await page.locator('#search-suggestions .suggestion-all').innerText()).toContain('odysey');
      await page.screenshot({ path: path.join(ARTIFACTS, 'fragrance-390-suggestions.png') });
      const name = await first.innerText();
      await first.click();
      await page.waitForURL(/\/p\//);
      expect(await page.locator('.product h1').innerText()).toBe(name);
      // The shopper's own word: "perfume" finds the eaux de parfum (a spelling and a synonym).
      await page.fill('#q', 'perfume');
      await page.press('#q', 'Enter');
      await page.waitForURL(/\/search\?q=perfume/);
      expect(await page.locator('main h1').innerText()).toMatch(/^\d{2,} results for/);
      await context.close();
    });

    it('CK-1: with JavaScript on, choosing another country at checkout swaps in its address fields (htmx) and keeps what was typed', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${origin}/s/rugs/c/runners`);
      await page.locator('.grid .tile-link').first().click();
      await page.locator('.add-to-cart button').click();
      await page.waitForURL(/\/cart/);
      await page.goto(`${origin}/s/rugs/checkout`);
      expect(await page.locator('label[for=f-postalCode]').innerText()).toBe('ZIP code');
      expect(await page.locator('select#f-region').isVisible()).toBe(true);
      await page.fill('#f-city', 'Cork');
      await page.selectOption('#f-countryCode', 'IE');
      await page.locator('label[for=f-postalCode]', { hasText: 'Eircode' }).waitFor();
      expect(await page.locator('label[for=f-postalCode]').innerText()).toBe('Eircode (optional)');
      expect(await page.inputValue('#f-city')).toBe('Cork');
      expect(await page.locator('label[for=f-region]').innerText()).toBe('County (optional)');
      await page.selectOption('#f-countryCode', 'GB');
      await page.locator('label[for=f-postalCode]', { hasText: /^Postal code$/ }).waitFor();
      expect(await page.locator('[name=region]').count()).toBe(0);
      await page.locator('#country-fields').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'rugs-390-checkout-country.png') });
      await context.close();
    });

    it('PV-4: the browser fetched nothing from any other origin during the journeys', () => {
      expect(requests.length).toBeGreaterThan(20);
      const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
      expect(foreign).toEqual([]);
    });
  },
);
