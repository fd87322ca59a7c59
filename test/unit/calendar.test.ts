import { describe, expect, it } from 'vitest';
import { StoreCalendar } from '#platform/calendar.ts';

const at = (iso: string) => new Date(iso);
const calendar = (timeZone: string, holidays: string[] = [], now = '2026-11-24T10:00:00Z') =>
  new StoreCalendar({ timeZone, holidays }, { now: () => at(now) });

describe('platform/calendar: durations and working days in the store’s time zone', () => {
  it('after/before add and take durations in any mix of units', () => {
    const c = calendar('Europe/Paris');
    expect(c.after({ hours: 1, minutes: 30 }).toISOString()).toBe('2026-11-24T11:30:00.000Z');
    expect(c.after({ days: 30 }).toISOString()).toBe('2026-12-24T10:00:00.000Z');
    expect(c.before({ minutes: 15 }).toISOString()).toBe('2026-11-24T09:45:00.000Z');
  });

  it('DR-3: three working days from a Friday evening end with Wednesday, local time', () => {
    const c = calendar('Europe/Paris');
    // Friday 27 November 2026, 20:00 in Paris.
    const due = c.addWorkingDays(3, at('2026-11-27T19:00:00Z'));
    // End of Wednesday 2 December in Paris (UTC+1) = 22:59:59.999 UTC.
    expect(due.toISOString()).toBe('2026-12-02T22:59:59.999Z');
  });

  it('DR-3: a store holiday in between adds a day; a request made on a holiday starts the next working day', () => {
    const c = calendar('Europe/Paris', ['2026-12-25']);
    // Wednesday 23 December + 3 working days: 24, (25 holiday), 28, 29.
    expect(c.addWorkingDays(3, at('2026-12-23T09:00:00Z')).toISOString()).toBe('2026-12-29T22:59:59.999Z');
    // Made on the holiday (Friday 25): counting starts Monday 28, which is day 1.
    expect(c.addWorkingDays(1, at('2026-12-25T09:00:00Z')).toISOString()).toBe('2026-12-28T22:59:59.999Z');
    expect(c.isWorkingDay('2026-12-25')).toBe(false);
    expect(c.isWorkingDay('2026-12-26')).toBe(false); // a Saturday
  });

  it('the local date decides: late Friday in London is already Saturday in Shanghai', () => {
    const friday = at('2026-11-27T18:30:00Z');
    expect(calendar('Europe/London').localDate(friday)).toBe('2026-11-27');
    expect(calendar('Asia/Shanghai').localDate(friday)).toBe('2026-11-28');
    // One working day later: Monday 30 in London (end 23:59:59.999 UTC); Tuesday 1 December in Shanghai (UTC+8).
    expect(calendar('Europe/London').addWorkingDays(1, friday).toISOString()).toBe(
      '2026-11-30T23:59:59.999Z',
    );
    expect(calendar('Asia/Shanghai').addWorkingDays(1, friday).toISOString()).toBe(
      '2026-11-30T15:59:59.999Z',
    );
  });

  it('days across a daylight-saving change end at local midnight', () => {
    const c = calendar('America/New_York');
    // Friday 6 March 2026 + 2 working days = Tuesday 10 March; clocks moved forward on Sunday 8.
    expect(c.addWorkingDays(2, at('2026-03-06T15:00:00Z')).toISOString()).toBe('2026-03-11T03:59:59.999Z');
  });

  it('counts working days between two moments', () => {
    const c = calendar('Europe/Paris');
    expect(c.workingDaysBetween(at('2026-11-27T10:00:00Z'), at('2026-12-02T10:00:00Z'))).toBe(3);
    expect(c.workingDaysBetween(at('2026-11-28T10:00:00Z'), at('2026-11-29T10:00:00Z'))).toBe(0);
  });

  it('refuses a negative or fractional number of working days', () => {
    expect(() => calendar('UTC').addWorkingDays(-1)).toThrow();
    expect(() => calendar('UTC').addWorkingDays(1.5)).toThrow();
  });

  it('DR-8: GDPR’s month ends on the same day of the next month, or its last day, at local midnight', () => {
    const c = calendar('America/New_York');
    // Monday 23 November 2026, 10:00 New York → end of Wednesday 23 December, New York (UTC−5).
    expect(c.endOfMonthsAfter(1, at('2026-11-23T15:00:00Z')).toISOString()).toBe('2026-12-24T04:59:59.999Z');
    // 31 January has no 31 February: the month ends on the 28th (2027 is no leap year).
    expect(c.endOfMonthsAfter(1, at('2027-01-31T15:00:00Z')).toISOString()).toBe('2027-03-01T04:59:59.999Z');
    // A request late on 31 December local time counts from that local day, into the next year.
    expect(c.endOfMonthsAfter(1, at('2027-01-01T03:00:00Z')).toISOString()).toBe('2027-02-01T04:59:59.999Z');
  });
});
