import type { Ctx } from '#platform/ctx.ts';
import { conflict } from '#platform/errors.ts';
import {
  consentAskedAgainBy,
  consentOf,
  policyVersionInEffect,
  recordConsent,
  type ConsentSource,
} from '#modules/privacy';
import { forgetBrowsing } from '#modules/catalog';

/** The browser's privacy signals on this request. */
export interface PrivacySignals {
  /** `Sec-GPC: 1` (Global Privacy Control). */
  gpc: boolean;
  /** `DNT: 1` (Do Not Track). */
  dnt: boolean;
}

/** The signals a request carries. */
export function signalsOf(headers: Record<string, string | string[] | undefined>): PrivacySignals {
  return { gpc: headers['sec-gpc'] === '1', dnt: headers['dnt'] === '1' };
}

/** Whether personalisation is on for someone, and why. */
export interface Personalisation {
  on: boolean;
  /** What decided: the shopper's own choice, a browser signal, or nothing chosen yet (off). */
  source: ConsentSource;
  /** When the choice in force was made, and under which policy version (none for `default`). */
  at?: Date | undefined;
  policyVersion?: string | undefined;
}

/**
 * Whether behavioural tracking and "matched for you" are on (CN-1, CN-3, PV-2): off unless the
 * shopper turned them on; `Sec-GPC: 1` (always) or `DNT: 1` (where the store honours it) turns
 * them off on this very request, and the signal is recorded as the holder's choice with the
 * policy version and time, their browsing history deleted. `holder` is a member's subject id or a
 * visitor's random id; without one nothing is recorded and nothing is personalised.
 */
export async function personalisationFor(
  ctx: Ctx,
  holder: string | undefined,
  signals: PrivacySignals,
): Promise<Personalisation> {
  const honour = ctx.tenant.policy.personalisation;
  const signal: ConsentSource | undefined = signals.gpc
    ? 'gpc'
    : signals.dnt && honour.honourDoNotTrack
      ? 'dnt'
      : undefined;
  if (!holder) return { on: false, source: signal ?? 'default' };
  const current = await consentOf(ctx, holder, 'personalisation');
  if (signal) {
    if (!current || current.granted || current.source !== signal) await turnOff(ctx, holder, signal);
    const now = await consentOf(ctx, holder, 'personalisation');
    return { on: false, source: signal, at: now?.at, policyVersion: now?.policyVersion };
  }
  if (!current) return { on: false, source: 'default' };
  // PL-2: a version that changed what was consented to asks again; until then it is off.
  if (current.granted && consentAskedAgainBy(ctx.tenant.policy, current.policyVersion, ctx.now()))
    return { on: false, source: 'policy_change', at: current.at, policyVersion: current.policyVersion };
  return {
    on: current.granted,
    source: current.source,
    at: current.at,
    policyVersion: current.policyVersion,
  };
}

async function turnOff(ctx: Ctx, holder: string, source: ConsentSource): Promise<void> {
  const policyVersion = policyVersionInEffect(ctx.tenant.policy, ctx.now()).version;
  await recordConsent(ctx, holder, 'personalisation', { granted: false, source, policyVersion });
  await forgetBrowsing(ctx, holder);
}

/**
 * The shopper's own choice on the settings page or the API (CN-1, CN-3): recorded with the policy
 * version and time; turning it off deletes the browsing history at once. A browser that sends a
 * privacy signal keeps it off: the shopper is told to change the browser's setting instead.
 */
export async function choosePersonalisation(
  ctx: Ctx,
  holder: string,
  on: boolean,
  signals: PrivacySignals,
): Promise<Personalisation> {
  if (!on) {
    await turnOff(ctx, holder, 'settings');
    return personalisationFor(ctx, holder, { gpc: false, dnt: false });
  }
  const blocked = signals.gpc || (signals.dnt && ctx.tenant.policy.personalisation.honourDoNotTrack);
  if (blocked)
    throw conflict(
      `your browser sends ${signals.gpc ? 'Global Privacy Control' : 'Do Not Track'}, which keeps personalisation off; switch the signal off in your browser first`,
    );
  const policyVersion = policyVersionInEffect(ctx.tenant.policy, ctx.now()).version;
  await recordConsent(ctx, holder, 'personalisation', { granted: true, source: 'settings', policyVersion });
  return personalisationFor(ctx, holder, signals);
}
