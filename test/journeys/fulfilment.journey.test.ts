import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser, logInAsDemoStaff } from '../support/browser.ts';
import { fillCheckout, shopOneItem } from '../support/shopping.ts';
import { api } from '../support/shop-api.ts';
import { letTimePass } from '../support/emulators.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';

// CK-3, CK-4, CK-5 (issue 13): a guest order all the way — packed and shipped in the back office,
// the shipped e-mail really sent, tracked, delivered in emulated time, returned with the free
// label, received, refunded by finance — in Chromium with JavaScript off. Its own app: log-in
// limits count per app.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
const G = PERSONAS.guest;

describe.skipIf(!HAS_CHROMIUM)(`CK-3..5: an order from checkout to refund in Chromium (${ENGINE})`, () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp({ clock });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
  });

  const open = async (width = 1280) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
  const staff = async (role: string) => {
    const page = await open();
    await logInAsDemoStaff(page, app.origin, clock, role, 'rugs');
    await page.waitForURL(/\/admin\/s\/rugs/);
    return page;
  };
  const advance = (hours: number) => letTimePass(app, clock, hours);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `fulfilment-${name}.png`), fullPage: true });

  it('CK-3, CK-4, CK-5: checkout → ship → e-mail → track → delivered → return → received → refund, each step seen by the shopper', async () => {
    // The guest buys a rug.
    const shopper = await open(390);
    const name = await shopOneItem(shopper, app.origin, 'rugs', 'washible rug');
    await fillCheckout(shopper, G, TEST_CARDS.approved);
    await shopper.locator('button.place-order').click();
    await shopper.waitForURL(/\/orders\/RUG-/);
    const number = await shopper.locator('.confirmation .order-number').innerText();

    // The warehouse ships it from the packing queue and prints the label.
    const warehouse = await staff('warehouse');
    await warehouse.click('nav >> text=Packing queue');
    const card = warehouse.locator('.card', { hasText: number });
    await card.locator('input[name=weightGrams]').fill('3200');
    await card.locator('button:has-text("Ship")').click();
    const shipped = await warehouse.locator('.notice[role=status]').innerText();
    const tracking = /tracking number (EMU[0-9A-F]+[XD])/.exec(shipped)?.[1];
    expect(tracking).toBeDefined();
    expect(shipped).toContain('customs declaration attached'); // to Britain from a US warehouse
    await warehouse.click(`a[href$="/parcels/${tracking}/label"]`);
    const label = warehouse.locator('img.parcel-label');
    expect(await label.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(warehouse, '1-label');

    // The shipped e-mail really went out over SMTP, with the tracking link.
    await app.deliverEvents();
    await app.deliverEvents();
    const mail = (await app.emulators!.mail!.messages('rugs')).find(
      (m) => m.template === 'order_shipped' && m.text.includes(number),
    );
    expect(mail?.to).toEqual([G.email]);
    const link = /(https?:\/\/\S+\/orders\/\S+\/tracking)/.exec(mail!.text)?.[1];
    expect(link).toBeDefined();
    await shopper.goto(`${app.origin}${new URL(link!).pathname}`);
    expect(await shopper.locator('.parcel-status').innerText()).toMatch(/Label printed/);
    expect(await shopper.locator('.tracking-number').innerText()).toBe(tracking);

    // The address can no longer change: the form is gone and the API says why.
    await shopper.goto(`${app.origin}/s/rugs/orders/${number}`);
    expect(await shopper.locator('.change-address').count()).toBe(0);
    const grant = (await shopper.context().cookies()).find((c) => /order/i.test(c.name))?.value;
    const change = await api(app, 'PUT', `/api/stores/rugs/orders/${number}/shipping-address`, {
      headers: { 'x-order-access': grant! },
      body: {
        recipientName: 'Someone Else',
        line1: '1 Other Road',
        city: 'Leeds',
        postalCode: 'LS1 1AA',
        countryCode: 'GB',
      },
    });
    expect(change.status).toBe(409);
    expect(change.body.message).toContain('already shipped');

    // A week and a half of emulated time: the parcel moves and is delivered.
    await advance(24 * 10);
    // Days later the shopper follows the e-mail's link again: the 24-hour access has expired, so
    // the page asks for the order's number (filled in) and e-mail address first.
    await shopper.goto(`${app.origin}${new URL(link!).pathname}`);
    expect(await shopper.locator('.form-error').innerText()).toMatch(/find it first/);
    expect(await shopper.inputValue('input[name="number"]')).toBe(number);
    await shopper.fill('input[name="email"]', G.email);
    await shopper.locator('main form button').click();
    await shopper.waitForURL(new RegExp(`/orders/${number}$`));
    await shopper.click('a:has-text("Track your parcel")');
    expect(await shopper.locator('.parcel-status').innerText()).toBe('Delivered');
    const scans = await shopper.locator('ol.scans li').allInnerTexts();
    expect(scans.join(' ')).toMatch(/Going through customs/);
    await shot(shopper, '2-delivered');

    // The shopper returns it with the free label.
    await shopper.click('a:has-text("Back to the order")');
    await shopper.locator('details.return-form summary').click();
    await shopper.locator('details.return-form select[name^="q_"]').first().selectOption('1');
    await shopper.selectOption('select[name=reason]', 'wrong_size');
    await shopper.fill('textarea[name=note]', 'Lovely, but too small for the hall');
    await shopper.click('button:has-text("Get my free return label")');
    expect(await shopper.locator('.returns .notice').innerText()).toContain('free return label');
    expect(await shopper.locator('.return-status').first().innerText()).toMatch(/Return label issued/);
    await shopper.click('a:has-text("Print your free return label")');
    expect(
      await shopper.locator('img.parcel-label').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await shot(shopper, '3-return-label');

    // The parcel reaches the warehouse: the review clock starts.
    await advance(24 * 5);
    await shopper.goto(`${app.origin}/s/rugs/orders/lookup`);
    await shopper.fill('input[name="number"]', number);
    await shopper.fill('input[name="email"]', G.email);
    await shopper.locator('main form button').click();
    await shopper.waitForURL(new RegExp(`/orders/${number}$`));
    expect(await shopper.locator('.return-status').first().innerText()).toMatch(/Received/);

    // Finance refunds it.
    const finance = await staff('finance');
    await finance.click('nav >> text=Returns');
    const ret = finance.locator('.card', { hasText: number });
    await ret.locator('button:has-text("Refund")').click();
    expect(await finance.locator('.notice[role=status]').innerText()).toMatch(/Refunded \$/);
    await shot(finance, '4-refunded');

    // The shopper sees the refund, and its e-mail left.
    await shopper.reload();
    expect(await shopper.locator('.return-status').first().innerText()).toBe('Refunded');
    expect(await shopper.locator('.refund-amount').innerText()).toMatch(/^\$\d/);
    await shot(shopper, '5-refund-seen');
    await app.deliverEvents();
    expect(
      (await app.emulators!.mail!.messages('rugs')).some(
        (m) => m.template === 'refund_issued' && m.text.includes(number),
      ),
    ).toBe(true);

    // A review after delivery (SF-6): written on the order page, published by the owner, shown
    // on the product page under "Verified buyer".
    const words = 'Washes beautifully, colours stayed bright.';
    await shopper.selectOption('.review-form select[name=rating]', '5');
    await shopper.fill('.review-form textarea[name=text]', words);
    await shopper.click('button:has-text("Send my review")');
    expect(await shopper.locator('.order-reviews .notice').innerText()).toMatch(
      /once the store has approved it/,
    );
    const owner = await staff('owner');
    await owner.click('nav >> text=Reviews');
    await owner.locator('.card', { hasText: words }).locator('button:has-text("Publish")').click();
    expect(await owner.locator('.notice[role=status]').innerText()).toContain('Published');
    await shopper.goto(`${app.origin}/s/rugs/search?q=${encodeURIComponent(name)}`);
    await shopper.locator('.grid .tile-link').first().click();
    expect(await shopper.locator('.review-list').innerText()).toContain(words);
    expect(await shopper.locator('.review-list').innerText()).toContain('Verified buyer');
    expect(await shopper.locator('.rating-line').innerText()).toContain('5.0 · 1 review');
    await shot(shopper, '6-review');
  });
});
