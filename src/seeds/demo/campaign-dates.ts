import type { Campaign } from '#modules/tenants';

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Father's Day in the United States and the United Kingdom: the third Sunday of June. */
export function fathersDay(year: number): Date {
  const first = new Date(Date.UTC(year, 5, 1));
  const firstSunday = 1 + ((7 - first.getUTCDay()) % 7);
  return new Date(Date.UTC(year, 5, firstSunday + 14));
}

/**
 * Gives the demo stores' campaigns real dates when a store is seeded, so that every offer ends
 * (issue 12: the Father's Day edit used to run all year): the Father's Day edit runs the three
 * weeks up to the next Father's Day; any other undated campaign runs six weeks from the seed day.
 */
export function datedCampaigns(campaigns: Campaign[], now: Date): Campaign[] {
  return campaigns.map((c) => {
    if (c.endsOn) return c;
    if (c.slug === 'fathers-day') {
      let sunday = fathersDay(now.getUTCFullYear());
      if (day(sunday) < day(now)) sunday = fathersDay(now.getUTCFullYear() + 1);
      return { ...c, startsOn: day(addDays(sunday, -20)), endsOn: day(sunday) };
    }
    return { ...c, startsOn: day(now), endsOn: day(addDays(now, 41)) };
  });
}
