import type { Ctx } from '#platform/ctx.ts';
import { aggregate, type Aggregate } from '#modules/privacy';
import { catalogRepository } from './catalog.repository.ts';

/**
 * What shoppers searched for over the last `days` days, for operations (AC-4): phrases searched
 * fewer than 5 times are suppressed. Searches are stored without any person (no account, cookie or
 * address), so the group size is the number of searches, a stricter count than people.
 */
export async function searchReport(
  ctx: Ctx,
  days: number,
): Promise<Aggregate<{ query: string }, { searches: number; zeroResults: number }>> {
  const sinceDay = ctx.calendar.localDate(ctx.calendar.before({ days }));
  return aggregate(ctx, 'searches', async () =>
    (await catalogRepository.searchTotals(ctx.db, sinceDay)).map((r) => ({
      group: { query: r.query },
      people: r.searches,
      values: { searches: r.searches, zeroResults: r.zeroResults },
    })),
  );
}
