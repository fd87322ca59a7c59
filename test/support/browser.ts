import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FixedClock } from '#platform/clock.ts';
import { totpCode } from '#modules/staff';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '#seeds/demo/demo-staff.ts';

/** Debian's Chromium; the project never downloads a browser of its own. */
export const CHROMIUM_PATH = process.env.PLEDGE_CHROMIUM ?? '/usr/bin/chromium';

/** Whether browser journeys can run here. When not, the suite says so loudly instead of passing silently. */
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

if (!HAS_CHROMIUM) {
  const message = `\n*** Browser journeys SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with 'apt-get install -y chromium' (CI does). ***\n`;
  console.warn(message);
  if (process.env.CI) throw new Error(`CI must run browser journeys, but ${CHROMIUM_PATH} is missing`);
}

/** Launches headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Signs in to the back office as the demo staff user of `role` in `store`, as a person would:
 * password and a code from the authenticator. The clock moves on 30 s so every code is fresh.
 */
export async function logInAsDemoStaff(
  page: Page,
  origin: string,
  clock: FixedClock,
  role: string,
  store: string,
): Promise<void> {
  clock.advance(30_000);
  await page.goto(`${origin}/admin/login`);
  await page.fill('#email', `${role}@${store}.example`);
  await page.fill('#password', DEMO_STAFF_PASSWORD);
  await page.fill('#totp', totpCode(DEMO_STAFF_TOTP_SECRET, clock.now()));
  await page.click('button[type=submit]');
}
