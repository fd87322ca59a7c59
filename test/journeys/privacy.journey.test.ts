import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FixedClock } from '#platform/clock.ts';
import { createTestApp, ENGINE, type TestApp } from '../support/test-app.ts';
import { HAS_CHROMIUM, launchBrowser, logInAsDemoStaff } from '../support/browser.ts';
import { fillCheckout, shopOneItem } from '../support/shopping.ts';
import { latestMail, makeMember, makeOrder } from '../support/factories.ts';
import { PERSONAS, TEST_CARDS } from '../support/personas.ts';

// DR-1..8, CN-1 (issue 14): the privacy centre in Chromium — a member sees their data and who read
// it, downloads it, restricts, writes to compliance, turns personalisation on and sees "matched
// for you", deletes their history and cancels the account; a guest gets in with a code and erases
// their data; a visitor complains. Pages work without JavaScript except where htmx loads the
// optional "matched for you" block.

const ARTIFACTS = path.resolve('test/artifacts');
const clock = new FixedClock(new Date('2026-11-23T15:00:00Z'));
const M = { ...PERSONAS.member, email: 'journey.privacy@example.org', nickname: 'Wren' };

describe.skipIf(!HAS_CHROMIUM)(`DR-1..8: the privacy centre in Chromium (${ENGINE})`, () => {
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

  const open = async (options: { width?: number; js?: boolean } = {}) => {
    const context = await browser.newContext({
      javaScriptEnabled: options.js ?? false,
      viewport: { width: options.width ?? 1280, height: 900 },
      acceptDownloads: true,
    });
    contexts.push(context);
    return context.newPage();
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `privacy-${name}.png`), fullPage: true });

  it('DR-1, DR-2, DR-3, DR-4, DR-5, DR-7, CN-1, SF-3: a member sees, downloads, restricts, writes, personalises, deletes history and cancels the account', async () => {
    const store = 'skincare';
    await makeMember(app, store, M);
    const page = await open();
    await page.goto(`${app.origin}/s/${store}/account/login`);
    await page.fill('input[name=email]', M.email);
    await page.fill('input[name=password]', M.password);
    await page.click('form[action$="/account/login"] button[type=submit]');
    await page.waitForURL(/\/account$/);
    await shopOneItem(page, app.origin, store, 'cleanser');
    await fillCheckout(page, M as unknown as typeof PERSONAS.member, TEST_CARDS.approved);
    await page.locator('button.place-order').click();
    await page.waitForURL(/\/orders\/SKI-/);
    const number = await page.locator('.confirmation .order-number').innerText();

    await page.goto(`${app.origin}/s/${store}/account`);
    await page.click('a:has-text("Privacy centre")');
    await page.waitForURL(/\/privacy\/centre$/);
    const centre = await page.locator('main').innerText();
    expect(centre).toContain(number);
    expect(centre).toContain(M.recipientName);
    await page.click('summary:has-text("Your account")');
    expect(await page.locator('main').innerText()).toContain(M.email);
    await shot(page, 'centre');

    // DR-2: the download is the same export as the API's.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a:has-text("Download as JSON")'),
    ]);
    const file = await download.path();
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.format).toBe('pledge.subject-export/1');
    expect(JSON.stringify(json.tables['orders.order'])).toContain(number);

    // DR-1: edit the nickname and keep an address in the address book.
    await page.click('a:has-text("Edit your nickname, e-mail address and address book")');
    await page.fill('input[name=nickname]', 'Wren Ashby');
    await page.click('button:has-text("Save the nickname")');
    await page.waitForURL(/done=nickname/);
    expect(await page.inputValue('input[name=nickname]')).toBe('Wren Ashby');
    const book = page.locator('form[action$="/account/details/addresses"]');
    await book.locator('input[name=recipientName]').fill(M.recipientName);
    await book.locator('input[name=line1]').fill(M.line1);
    await book.locator('input[name=city]').fill(M.city);
    await book.locator('input[name=region]').fill(M.region);
    await book.locator('input[name=postalCode]').fill(M.postalCode);
    await book.locator('input[name=countryCode]').fill('US');
    await book.locator('button[type=submit]').click();
    await page.waitForURL(/done=address/);
    expect(await page.locator('.requests').innerText()).toContain(M.line1);
    await shot(page, 'details');
    await page.goto(`${app.origin}/s/${store}/privacy/centre`);

    // DR-5: restrict, then lift.
    await page.click('button:has-text("Restrict my data")');
    await page.waitForURL(/done=restricted/);
    expect(await page.locator('main').innerText()).toContain('restricted');
    await page.click('button:has-text("Lift the restriction")');
    await page.waitForURL(/done=lifted/);

    // DR-7: a question to compliance, listed with its deadline.
    await page.selectOption('select[name=kind]', 'question');
    await page.fill('textarea[name=message]', 'Which carrier do you give my phone number to?');
    await page.click('button:has-text("Send")');
    await page.waitForURL(/done=sent/);
    expect(await page.locator('.requests').innerText()).toMatch(/A question about my data[\s\S]*due by/);

    // CN-1, SF-3: personalisation on → "matched for you" under a product; off → gone.
    await page.goto(`${app.origin}/s/${store}/privacy/settings`);
    expect(await page.locator('main').innerText()).toContain('Personalisation is off');
    await page.check('input[name=personalisation][value=on]');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/saved=1/);
    expect(await page.locator('main').innerText()).toContain('Personalisation is on');
    // The "matched for you" block is loaded by htmx: the same member, in a browser with JavaScript.
    const withJs = await open({ js: true });
    await withJs.context().addCookies(await page.context().cookies());
    await withJs.goto(`${app.origin}/s/${store}/c/cleansers`);
    await withJs.locator('.grid .tile-link').first().click();
    await withJs.waitForLoadState('networkidle');
    // The shop's sidebar then shows products matched to that browsing.
    await withJs.goto(`${app.origin}/s/${store}`);
    await withJs.waitForSelector('#for-you-side h2');
    expect(await withJs.locator('#for-you-side li').count()).toBeGreaterThan(0);
    await shot(withJs, 'matched-for-you');
    await page.goto(`${app.origin}/s/${store}/privacy/settings`);
    await page.check('input[name=personalisation][value=off]');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/saved=1/);
    await withJs.goto(`${app.origin}/s/${store}/c/cleansers`);
    await withJs.locator('.grid .tile-link').first().click();
    await withJs.waitForLoadState('networkidle');
    expect(await withJs.locator('#for-you h2').count()).toBe(0);
    await withJs.goto(`${app.origin}/s/${store}`);
    await withJs.waitForLoadState('networkidle');
    expect(await withJs.locator('#for-you-side h2').count()).toBe(0);

    // DR-3: delete my history (the order is still on its way: it waits).
    await page.goto(`${app.origin}/s/${store}/privacy/centre`);
    await page.locator('form[action$="/privacy/centre/history"] input[name=password]').fill(M.password);
    await page.click('button:has-text("Delete my history")');
    expect(await page.locator('h1').innerText()).toBe('Your history is deleted');
    expect(await page.locator('.receipt').innerText()).toContain('Waiting for an order on its way');

    // DR-4: a wrong password changes nothing; the right one cancels the account.
    await page.goto(`${app.origin}/s/${store}/privacy/centre`);
    const cancel = page.locator('form[action$="/privacy/centre/cancel"]');
    await cancel.locator('input[name=password]').fill('not my password');
    await cancel.locator('input[name=confirm]').check();
    await cancel.locator('button[type=submit]').click();
    expect(await page.locator('[role=alert]').innerText()).toContain('password is not right');
    const again = page.locator('form[action$="/privacy/centre/cancel"]');
    await again.locator('input[name=password]').fill(M.password);
    await again.locator('input[name=confirm]').check();
    await again.locator('button[type=submit]').click();
    expect(await page.locator('h1').innerText()).toBe('Your account is cancelled');
    expect(await page.locator('.receipt').innerText()).toMatch(/Encryption keys destroyed\s*[1-9]/);
    await shot(page, 'receipt');
    await page.goto(`${app.origin}/s/${store}/account`);
    expect(page.url()).toMatch(/\/account\/login$/);
  });

  it('DR-6, DR-8, DR-4: a guest opens the privacy centre with an e-mailed code, sees their order and erases it', async () => {
    const store = 'rugs';
    const order = await makeOrder(app, store);
    const page = await open({ width: 390 });
    await page.goto(`${app.origin}/s/${store}/privacy/centre`);
    expect(page.url()).toMatch(/\/privacy\/access$/);
    await shot(page, 'access');
    await page.fill('input[name=orderNumber]', order.number);
    await page.fill('input[name=email]', PERSONAS.guest.email);
    await page.click('button:has-text("E-mail me a code")');
    const code = /is: ([0-9]{6})/.exec((await latestMail(app, store, 'rights_code'))!.body!)![1]!;
    await page.fill('input[name=code]', code === '000000' ? '000001' : '000000');
    await page.click('button:has-text("Open my privacy centre")');
    expect(await page.locator('[role=alert]').innerText()).toContain('not right');
    await page.fill('input[name=code]', code);
    await page.click('button:has-text("Open my privacy centre")');
    await page.waitForURL(/\/privacy\/centre$/);
    expect(await page.locator('main').innerText()).toContain(order.number);
    await shot(page, 'guest-centre');
    const erase = page.locator('form[action$="/privacy/centre/cancel"]');
    await erase.locator('input[name=confirm]').check();
    await erase.locator('button[type=submit]').click();
    expect(await page.locator('h1').innerText()).toBe('Your data is erased');
    await page.goto(`${app.origin}/s/${store}/privacy/centre`);
    expect(page.url()).toMatch(/\/privacy\/access$/);
  });

  it('DR-7: a visitor files a complaint and gets a reference and a deadline; compliance takes it in the back office and the answer is e-mailed', async () => {
    const page = await open();
    await page.goto(`${app.origin}/s/fragrance/privacy/complaint`);
    await page.fill('input[name=email]', 'journey.complaint@example.net');
    await page.fill('textarea[name=message]', 'I asked twice for my data and heard nothing.');
    await page.click('button:has-text("Send the complaint")');
    const text = await page.locator('[role=status]').innerText();
    expect(text).toMatch(/PR-[2-9A-Z]{8}/);
    expect(text).toContain('23 December 2026');
    await shot(page, 'complaint');
    const reference = /PR-[2-9A-Z]{8}/.exec(text)![0];

    // Compliance finds it in the back office, takes it and answers; the answer is e-mailed.
    const admin = await open();
    await logInAsDemoStaff(admin, app.origin, clock, 'compliance', 'fragrance');
    await admin.waitForURL(/\/admin\/s\/fragrance/);
    await admin.click('nav.admin-nav a:has-text("Privacy requests")');
    await admin.click(`a:has-text("${reference}")`);
    expect(await admin.locator('main').innerText()).toContain('I asked twice for my data');
    await admin.click('button:has-text("Take this request")');
    expect(await admin.locator('main').innerText()).toContain('The request is yours.');
    await admin.fill(
      'textarea[name=reply]',
      'Your export is attached to your privacy centre; sorry for the wait.',
    );
    await admin.click('button:has-text("Send the answer")');
    expect(await admin.locator('main').innerText()).toContain('Answer sent.');
    await shot(admin, 'compliance-request');
    const mail = await latestMail(app, 'fragrance', 'privacy_reply');
    expect(mail?.recipient).toBe('journey.complaint@example.net');
    expect(mail?.body).toContain(reference);
  });
});
