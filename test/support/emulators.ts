import { expect } from 'vitest';
import type { FixedClock } from '../../src/platform/clock.ts';
import type { TestApp } from './test-app.ts';

/**
 * Lets `hours` of emulated time pass for the parcels only (the carrier emulator's sandbox control),
 * then delivers what the tracking provider reported (and the events that follow from it). The platform's clock stays where it is.
 */
export async function advanceParcels(app: TestApp, hours: number): Promise<void> {
  // Parcels shipped a moment ago are registered with the tracking provider after their commit:
  // let that happen first, or the provider would not know them when time passes.
  await app.deliverEvents();
  const res = await fetch(`${app.origin}/emulators/carrier/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hours }),
  });
  expect(res.status).toBe(200);
  await app.deliverEvents();
  await app.deliverEvents();
}

/** Time passes for everyone: the platform's clock (which the emulated world follows) moves, the provider reports. */
export async function letTimePass(app: TestApp, clock: FixedClock, hours: number): Promise<void> {
  clock.advance(hours * 3_600_000);
  await advanceParcels(app, 0);
}
