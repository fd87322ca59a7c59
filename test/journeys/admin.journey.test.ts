import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '#platform/clock.ts';
import { addStaff, totpCode } from '#modules/staff';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '#seeds/demo/demo-staff.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser } from '../support/browser.ts';
import { makeOrder } from '../support/factories.ts';
import { stockOf } from '../support/shop-api.ts';
import { PERSONAS } from '../support/personas.ts';

// SEC-3, AC-1..6, AU-1: the back office in Chromium with JavaScript off — MFA enrolment at first
// log-in, each role's job, and nothing more on its pages.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
const G = PERSONAS.guest;

describe.skipIf(!HAS_CHROMIUM)(`SEC-3, AC-1..6: the back office in Chromium (${ENGINE})`, () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  let number: string;

  async function logIn(page: Page, email: string, password: string, secret?: string) {
    clock.advance(30_000);
    await page.goto(`${origin}/admin/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    if (secret) await page.fill('#totp', totpCode(secret, clock.now()));
    await page.click('button[type=submit]');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp({ clock });
    origin = app.origin;
    browser = await launchBrowser();
    number = (await makeOrder(app, 'skincare')).number;
    // Four more shoppers, so today's sales are a group of 5 people that the reports may show.
    for (let i = 0; i < 4; i++) await makeOrder(app, 'skincare');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('SEC-3: a new staff user enrols an authenticator from a QR code drawn by us, gets 10 recovery codes, and is in', async () => {
    await app.as({ kind: 'staff', staffId: 'stf_owner_test', role: 'owner' }).inStore('skincare', (ctx) =>
      addStaff(ctx, {
        email: 'new.packer@skincare.example',
        displayName: 'New Packer',
        role: 'warehouse',
        password: 'Crate&Tape-2026!',
      }),
    );
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(origin)) outside.push(r.url());
    });
    await logIn(page, 'new.packer@skincare.example', 'Crate&Tape-2026!');
    await expect(page.locator('h1').textContent()).resolves.toBe('Set up your authenticator');
    expect(await page.locator('.qr svg').count()).toBe(1);
    const secret = (await page.locator('.setup-key').textContent())!;
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-enrolment.png'), fullPage: true });
    await page.fill('#totp', totpCode(secret, clock.now()));
    await page.click('button[type=submit]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Your recovery codes');
    expect(await page.locator('.codes li').count()).toBe(10);
    await page.click('text=Continue to the back office');
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard');
    expect(await page.locator('.who').textContent()).toContain('Warehouse');
    expect(outside).toEqual([]);
    await context.close();
  });

  it('SEC-3: a wrong code is refused with a clear message and no session', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    clock.advance(30_000);
    await page.goto(`${origin}/admin/login`);
    await page.fill('#email', 'warehouse@skincare.example');
    await page.fill('#password', DEMO_STAFF_PASSWORD);
    await page.fill('#totp', '000000');
    await page.click('button[type=submit]');
    expect(await page.locator('.error').textContent()).toMatch(/not right|wrong|incorrect/i);
    await page.goto(`${origin}/admin/s/skincare/orders`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Staff log-in');
    await context.close();
  });

  it('AC-3, AU-1: customer service sees the order masked, unmasks the e-mail with a reason, and compliance finds the unmask in the audit log', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, 'customer_service@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    await page.click('nav >> text=Customer lookup');
    await page.fill('#email', G.email);
    await page.click('form.inline-form button[type=submit]');
    expect(await page.locator('tbody').textContent()).toContain(number);
    expect(page.url()).not.toContain('@'); // the address went in the body, not the URL
    await page.click('nav >> text=Orders');
    await page.click(`text=${number}`);
    let text = (await page.locator('main').textContent())!;
    expect(text).not.toContain(G.email);
    expect(text).not.toContain(G.line1);
    await page.selectOption('#field', 'contact_email');
    await page.selectOption('#reason', 'delivery_problem');
    await page.fill('#reference', 'CASE-77');
    await page.click('form.inline-form button[type=submit]');
    text = (await page.locator('main').textContent())!;
    expect(text).toContain(G.email);
    expect(text).not.toContain(G.line1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-unmask.png'), fullPage: true });
    await context.close();

    const compliance = await browser.newContext({ javaScriptEnabled: false });
    const audit = await compliance.newPage();
    await logIn(audit, 'compliance@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    await audit.goto(`${origin}/admin/s/skincare/audit?action=unmask`);
    const rows = (await audit.locator('tbody').textContent())!;
    expect(rows).toContain('unmask');
    expect(rows).toContain('case=CASE-77');
    expect(rows).not.toContain(G.email);
    await audit.screenshot({ path: path.join(ARTIFACTS, 'admin-audit.png'), fullPage: true });
    await compliance.close();
  });

  it('AC-2, AC-4: warehouse packs from the parcel address without the e-mail; operations sees charts, not orders', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, 'warehouse@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    await page.click('nav >> text=Packing queue');
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain(G.recipientName);
    expect(text).toContain(G.line1);
    expect(text).not.toContain(G.email);
    expect(text).not.toContain(G.phone);
    expect(text).toMatch(/Due (Mon|Tue|Wed|Thu|Fri), (Nov|Dec) \d+/); // the processing deadline, in working days
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-packing.png'), fullPage: true });
    // The packing slip: what goes in the parcel and where; never the e-mail, never a price.
    await page.locator(`.card:has-text("${number}") >> text=Packing slip`).click();
    const slip = (await page.locator('main').textContent())!;
    expect(slip).toContain(number);
    expect(slip).toContain(G.recipientName);
    expect(slip).not.toContain(G.email);
    expect(slip).not.toContain('$');
    await page.goBack();
    await page.locator(`.card:has-text("${number}") button:has-text("Start packing")`).click();
    expect(await page.locator('.notice[role=status]').textContent()).toContain(`Packing ${number}`);
    expect((await page.goto(`${origin}/admin/s/skincare/audit`))!.status()).toBe(403);
    await context.close();

    const ops = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const dash = await ops.newPage();
    await logIn(dash, 'operations@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    expect(await dash.locator('nav a').allTextContents()).not.toContain('Orders');
    await dash.click('nav >> text=Reports');
    expect(await dash.locator('svg.chart rect').count()).toBe(1); // one day, five buyers
    expect((await dash.goto(`${origin}/admin/s/skincare/orders/${number}`))!.status()).toBe(403);
    await dash.goto(`${origin}/admin/s/skincare/reports`);
    await dash.screenshot({ path: path.join(ARTIFACTS, 'admin-reports-phone.png'), fullPage: true });
    await ops.close();
  });

  it('SEC-3, SEC-4: the owner adds a staff member (a weak password is refused precisely), then disables them', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, 'owner@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    await page.click('nav >> text=Staff');
    const text = (await page.locator('tbody').textContent())!;
    expect(text).not.toContain('warehouse@skincare.example'); // e-mails masked for the owner
    const add = async (password: string) => {
      await page.fill('#new-email', 'temp.helper@skincare.example');
      await page.fill('#new-name', 'Temp Helper');
      await page.selectOption('#new-role', 'customer_service');
      await page.fill('#new-password', password);
      await page.click('form.card button[type=submit]');
    };
    await add('weakpassword1');
    expect(await page.locator('.error').textContent()).toMatch(/upper|symbol|character/i);
    await add('Parcel#Desk-2026');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('Added as Customer service');
    const row = page.locator('tr', { hasText: 'Temp Helper' });
    await row.locator('text=Disable (ends sessions now)').click();
    expect(await page.locator('.notice[role=status]').textContent()).toContain('Disabled');
    expect(await page.locator('tr', { hasText: 'Temp Helper' }).textContent()).toContain('disabled');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-staff.png'), fullPage: true });
    await context.close();
  });

  it('AC-1: the owner takes stock of a variant in the catalog page; the stock ledger holds the count; other roles have no catalog', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, 'owner@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    await page.click('nav >> text=Catalog');
    const row = page.locator('tr:has(input[name=counted])').first();
    const sku = (await row.locator('td').first().textContent())!;
    await row.locator('input[name=counted]').fill('7');
    await row.locator('form:has(input[name=counted]) button').click();
    expect(await page.locator('.notice[role=status]').textContent()).toContain(`${sku} now has 7 on hand`);
    expect(await stockOf(app, 'skincare', sku)).toBe(7);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-catalog.png') });
    await context.close();

    const cs = await browser.newContext({ javaScriptEnabled: false });
    const csPage = await cs.newPage();
    await logIn(csPage, 'customer_service@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    expect((await csPage.goto(`${origin}/admin/s/skincare/catalog`))!.status()).toBe(403);
    await cs.close();
  });

  it('the owner creates a product, changes its price and starts a campaign in the back office; the shop shows each at once', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, 'owner@skincare.example', DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET);
    await page.click('nav >> text=Catalog');
    await page.click('text=New product');
    await page.selectOption('select[name=categorySlug]', 'serums');
    await page.fill('input[name=name]', 'Sea Fennel Serum');
    await page.fill('input[name=slug]', 'sea-fennel-serum');
    await page.fill('textarea[name=description]', 'A light serum with sea fennel.');
    await page.fill('input[name=sku]', 'SFS-30');
    await page.fill('input[name=title]', '30 ml');
    await page.fill('input[name=price]', 'twelve');
    await page.fill('input[name=stock]', '5');
    await page.click('button:has-text("Create product")');
    // A price that is not an amount: the form comes back with what was typed and says why.
    expect(await page.locator('.error[role=alert]').textContent()).toContain('amount such as 24.00');
    expect(await page.inputValue('input[name=name]')).toBe('Sea Fennel Serum');
    await page.fill('input[name=price]', '32.00');
    await page.click('button:has-text("Create product")');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('Product created');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-product.png'), fullPage: true });

    const shop = await browser.newContext({ javaScriptEnabled: false });
    const shopper = await shop.newPage();
    await shopper.goto(`${origin}/s/skincare/p/sea-fennel-serum`);
    expect(await shopper.locator('h1').textContent()).toBe('Sea Fennel Serum');
    expect(await shopper.locator('main').textContent()).toContain('$16.00'); // 50 % off $32.00

    await page.goto(`${origin}/admin/s/skincare/catalog`);
    const row = page.locator('tr:has(td:text-is("SFS-30"))');
    await row.locator('input[name=price]').fill('40');
    await row.locator('form:has(input[name=price]) button').click();
    expect(await page.locator('.notice[role=status]').textContent()).toContain('SFS-30 now lists at $40.00');
    await shopper.reload();
    expect(await shopper.locator('main').textContent()).toContain('$20.00');

    await page.click('nav >> text=Campaigns');
    await page.fill('input[name=slug]', 'fennel-days');
    await page.fill('input[name=title]', 'Fennel days');
    await page.fill('input[name=percentOff]', '75');
    await page.check('input[name=categorySlugs][value=serums]');
    await page.fill('input[name=endsOn]', '2026-12-31');
    await page.click('button:has-text("Save campaign")');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('fennel-days saved');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-campaigns.png'), fullPage: true });
    await shopper.reload();
    expect(await shopper.locator('main').textContent()).toContain('$10.00'); // 75 % off $40.00
    await page.click('tr:has-text("Fennel days") button:has-text("Remove")');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('removed');
    await shopper.reload();
    expect(await shopper.locator('main').textContent()).toContain('$20.00');

    // SF-2: the owner teaches search a word of the shoppers' ("fennel water" → the new serum).
    await shopper.goto(`${origin}/s/skincare/search?q=samphire`);
    expect(await shopper.locator('main h1').textContent()).toMatch(/^0 results/);
    await page.click('nav >> text=Search synonyms');
    expect(await page.locator('textarea[name=phrases]').count()).toBeGreaterThan(3); // the demo groups
    await page.fill('form:has(button:has-text("Add synonyms")) textarea', 'samphire\nsea fennel');
    await page.click('button:has-text("Add synonyms")');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('samphire, sea fennel');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-synonyms.png'), fullPage: true });
    await shopper.goto(`${origin}/s/skincare/search?q=samphire`);
    expect(await shopper.locator('.grid .tile-name').first().textContent()).toBe('Sea Fennel Serum');
    await page.click('tr:has(textarea:text("samphire")) button:has-text("Remove")');
    expect(await page.locator('.notice[role=status]').textContent()).toContain('removed');
    await shop.close();
    await context.close();
  });
});
