/** Throttle: failure counters with blocks (log-in guessing, card testing), keyed by hashes only. */
export {
  blockedUntil,
  blockedUntilAny,
  recordFailure,
  clearFailures,
  clearScope,
  purgeEndedWindows,
  type ThrottleRule,
  type ThrottleKey,
} from './throttle.ts';
export { throttlePersonalData } from './throttle.personal-data.ts';
export { throttleModule } from './throttle.module.ts';
