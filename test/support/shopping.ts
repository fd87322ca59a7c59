import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { PERSONAS } from './personas.ts';

// What a shopper does in the browser, shared by the journeys.

/** Fills the checkout form as a shopper would: contact, address, card, consent. */
export async function fillCheckout(
  page: Page,
  who: typeof PERSONAS.guest | typeof PERSONAS.member,
  card: string,
) {
  if (!(await page.inputValue('#f-email'))) await page.fill('#f-email', who.email);
  await page.fill('#f-recipientName', who.recipientName);
  await page.selectOption('#f-countryCode', who.countryCode);
  // JavaScript is off: the form comes back with the chosen country's fields.
  await page.click('button:has-text("Show this country’s address fields")');
  await page.waitForLoadState();
  expect(await page.inputValue('#f-recipientName')).toBe(who.recipientName);
  await page.fill('#f-line1', who.line1);
  if ('line2' in who) await page.fill('#f-line2', who.line2);
  await page.fill('#f-city', who.city);
  await page.fill('#f-postalCode', who.postalCode);
  // Without JavaScript the fields shown are still the store's main market's (a US state list);
  // the server checks the address against the country chosen, which for Britain has no region.
  // Britain has no region line; the United States picks its state from the list.
  if (who.countryCode === 'GB') expect(await page.locator('[name=region]').count()).toBe(0);
  else await page.selectOption('#f-region', who.region);
  await page.fill('#f-phone', who.phone);
  await page.fill('#f-cardNumber', card);
  await page.fill('#f-cardExpiry', '12/30');
  await page.fill('#f-cardCvc', '123');
  await page.check('input[name="consent"]');
}

/** Search → first result → add to cart → cart → checkout page. Returns the product's name. */
export async function shopOneItem(
  page: Page,
  origin: string,
  store: string,
  search: string,
): Promise<string> {
  await page.goto(`${origin}/s/${store}`);
  await page.fill('#q', search);
  await page.press('#q', 'Enter');
  await page.waitForURL(/\/search\?q=/);
  const name = await page.locator('.grid .tile-name').first().innerText();
  await page.locator('.grid .tile-link').first().click();
  await page.locator('.add-to-cart button').click();
  await page.waitForURL(/\/cart(\?|$)/);
  await page.locator('a.button', { hasText: 'Check out' }).click();
  await page.waitForURL(/\/checkout$/);
  expect(await page.locator('.summary-lines li').first().innerText()).toContain(name);
  return name;
}
