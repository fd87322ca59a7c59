import type { Ctx } from '#platform/ctx.ts';
import { throttleRepository } from './throttle.repository.ts';

/** A limit on failures: at most `maxFailures` within `windowMinutes`, then blocked for `blockMinutes`. */
export interface ThrottleRule {
  /** Names the rule; keys of different rules never meet. */
  name: string;
  maxFailures: number;
  windowMinutes: number;
  blockMinutes: number;
}

/** What a throttle is keyed on: the thing protected (an account's e-mail, a cart) and where attempts come from. */
export interface ThrottleKey {
  scope: string;
  /** The client (its address); '' when the rule counts every source together. */
  source: string;
}

async function hashed(ctx: Ctx, rule: ThrottleRule, key: ThrottleKey) {
  return {
    rule: rule.name,
    // Keyed hashes: the table never holds an address, an e-mail index or a cart id in the clear.
    scopeHash: await ctx.vault.blindIndex(
      ctx,
      'throttle.failure_window.scope_hash',
      `${rule.name}|${key.scope}`,
    ),
    sourceHash: key.source
      ? await ctx.vault.blindIndex(ctx, 'throttle.failure_window.source_hash', `${rule.name}|${key.source}`)
      : '',
  };
}

/** When the key is blocked until, or undefined when it may try now. */
export async function blockedUntil(
  ctx: Ctx,
  rule: ThrottleRule,
  key: ThrottleKey,
): Promise<Date | undefined> {
  return throttleRepository.blockedUntil(ctx.db, [await hashed(ctx, rule, key)], ctx.now());
}

/** The latest block among several rules and keys (one query), or undefined when none applies. */
export async function blockedUntilAny(
  ctx: Ctx,
  checks: { rule: ThrottleRule; key: ThrottleKey }[],
): Promise<Date | undefined> {
  const keys = await Promise.all(checks.map((c) => hashed(ctx, c.rule, c.key)));
  return throttleRepository.blockedUntil(ctx.db, keys, ctx.now());
}

/** Counts a failure; returns when the key is now blocked until, if this failure blocked it. */
export async function recordFailure(
  ctx: Ctx,
  rule: ThrottleRule,
  key: ThrottleKey,
): Promise<Date | undefined> {
  const now = ctx.now();
  const row = await throttleRepository.addFailure(
    ctx.db,
    await hashed(ctx, rule, key),
    now,
    ctx.calendar.after({ minutes: rule.windowMinutes }, now),
    rule.maxFailures,
    ctx.calendar.after({ minutes: rule.blockMinutes }, now),
  );
  return row.blockedUntil && row.blockedUntil > now ? row.blockedUntil : undefined;
}

/** Forgets the failures of one key (a successful attempt from that source). */
export async function clearFailures(ctx: Ctx, rule: ThrottleRule, key: ThrottleKey): Promise<void> {
  await throttleRepository.clearSource(ctx.db, await hashed(ctx, rule, key));
}

/** Forgets the failures of a scope from every source (a password reset lifts every block of the account). */
export async function clearScope(ctx: Ctx, rule: ThrottleRule, scope: string): Promise<void> {
  const { scopeHash } = await hashed(ctx, rule, { scope, source: '' });
  await throttleRepository.clearScope(ctx.db, rule.name, scopeHash);
}

/** Deletes ended windows; returns how many went. */
export function purgeEndedWindows(ctx: Ctx): Promise<number> {
  return throttleRepository.deleteEnded(ctx.db, ctx.now());
}
