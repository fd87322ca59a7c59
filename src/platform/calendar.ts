/**
 * Time as a store counts it. Every duration in Pledge is written through here (`after`,
 * `before`) so that none is a hand-multiplied number of milliseconds, and every deadline a policy
 * states in working days ("dispatched within 1–3 working days", "deleted within 3 working days")
 * is counted in the store's own time zone, skipping weekends and the store's holidays.
 */

/** A length of time. Several units add up (`{ hours: 1, minutes: 30 }`). */
export interface Duration {
  minutes?: number;
  hours?: number;
  days?: number;
}

const MINUTE = 60_000;

/** The duration in milliseconds (days are 24 hours: sessions and carts do not move with DST). */
export function millisecondsOf(d: Duration): number {
  return ((d.days ?? 0) * 24 * 60 + (d.hours ?? 0) * 60 + (d.minutes ?? 0)) * MINUTE;
}

/** What a calendar needs to know about a store. */
export interface CalendarRules {
  /** An IANA time zone, e.g. `Europe/Paris`. */
  timeZone: string;
  /** Dates (YYYY-MM-DD, local to the store) on which the store does not work. */
  holidays: readonly string[];
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * A store's calendar: its time zone and working days (Monday to Friday, except its holidays).
 * `ctx.calendar` is the acting store's.
 */
export class StoreCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly parts: Intl.DateTimeFormat;

  constructor(
    readonly rules: CalendarRules,
    private readonly clock: { now(): Date },
  ) {
    this.holidays = new Set(rules.holidays);
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: rules.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
  }

  /** The moment `d` from now (a token's expiry, a session's end). */
  after(d: Duration, from: Date = this.clock.now()): Date {
    return new Date(from.getTime() + millisecondsOf(d));
  }

  /** The moment `d` before now (the start of a window: "failures in the last 15 minutes"). */
  before(d: Duration, from: Date = this.clock.now()): Date {
    return new Date(from.getTime() - millisecondsOf(d));
  }

  /** The store's local date of a moment, YYYY-MM-DD. */
  localDate(at: Date = this.clock.now()): string {
    const p = this.partsOf(at);
    return `${p.year}-${p.month}-${p.day}`;
  }

  /** Whether a local date (YYYY-MM-DD) is a working day: Monday to Friday, not a holiday. */
  isWorkingDay(date: string): boolean {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /**
   * The deadline `n` working days after `from`: the end of the n-th working day following the
   * local date of `from`, in the store's time zone (a request on Friday evening with n = 3 is due
   * at the end of Wednesday; a holiday in between adds a day). n = 0 is the end of `from`'s own
   * day if it is a working day, else of the next one.
   */
  addWorkingDays(n: number, from: Date = this.clock.now()): Date {
    if (!Number.isInteger(n) || n < 0) throw new Error('working days must be a whole number ≥ 0');
    let date = this.localDate(from);
    let left = n;
    if (!this.isWorkingDay(date)) {
      date = this.nextWorkingDay(date);
      if (left > 0) left--;
    }
    while (left > 0) {
      date = this.nextWorkingDay(date);
      left--;
    }
    return this.endOfLocalDay(date);
  }

  /**
   * The end of the local day `n` calendar days after `from`'s local date (a delivery promise of
   * "6–12 days" counts every day, weekends too).
   */
  endOfDayAfter(n: number, from: Date = this.clock.now()): Date {
    if (!Number.isInteger(n) || n < 0) throw new Error('days must be a whole number ≥ 0');
    return this.endOfLocalDay(shiftDate(this.localDate(from), n));
  }

  /**
   * The end of the local day `n` months after `from`'s local date (GDPR's "one month": the same
   * day of the next month, or its last day when it has no such day — 31 January gives 28 February).
   */
  endOfMonthsAfter(n: number, from: Date = this.clock.now()): Date {
    if (!Number.isInteger(n) || n < 0) throw new Error('months must be a whole number ≥ 0');
    const [y, m, d] = this.localDate(from).split('-').map(Number) as [number, number, number];
    const month = m - 1 + n;
    const year = y + Math.floor(month / 12);
    const monthOfYear = month % 12;
    const lastDay = new Date(Date.UTC(year, monthOfYear + 1, 0)).getUTCDate();
    const day = Math.min(d, lastDay);
    const date = `${year}-${String(monthOfYear + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return this.endOfLocalDay(date);
  }

  /** Working days from one moment to another (whole local days after `from`'s, up to `to`'s). */
  workingDaysBetween(from: Date, to: Date): number {
    let date = this.localDate(from);
    const last = this.localDate(to);
    let count = 0;
    while (date < last) {
      date = shiftDate(date, 1);
      if (this.isWorkingDay(date)) count++;
    }
    return count;
  }

  private nextWorkingDay(date: string): string {
    let next = shiftDate(date, 1);
    while (!this.isWorkingDay(next)) next = shiftDate(next, 1);
    return next;
  }

  /** The last millisecond of a local date in the store's time zone. */
  private endOfLocalDay(date: string): Date {
    const midnightNext = this.localMidnight(shiftDate(date, 1));
    return new Date(midnightNext.getTime() - 1);
  }

  /** The instant a local date begins (00:00 in the store's zone), found from the zone's offset. */
  private localMidnight(date: string): Date {
    const guess = new Date(`${date}T00:00:00Z`);
    // Two passes: the offset at the guess, then at the corrected instant (DST changes at night).
    let at = guess;
    for (let i = 0; i < 2; i++) at = new Date(guess.getTime() - this.offsetAt(at));
    return at;
  }

  /** The zone's offset from UTC at a moment, in milliseconds. */
  private offsetAt(at: Date): number {
    const p = this.partsOf(at);
    const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    return asUtc - Math.floor(at.getTime() / 1000) * 1000;
  }

  private partsOf(
    at: Date,
  ): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'weekday', string> {
    const out: Record<string, string> = {};
    for (const part of this.parts.formatToParts(at)) out[part.type] = part.value;
    if (out.weekday !== undefined && WEEKDAY[out.weekday] === undefined)
      throw new Error('unexpected weekday');
    return out;
  }
}

/** A YYYY-MM-DD date moved by whole days. */
function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
