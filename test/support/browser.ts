import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
