import type { Ctx } from '#platform/ctx.ts';
import { forbidden } from '#platform/errors.ts';
import { roleOfActor, type StaffRole } from '#platform/actor.ts';

/** The smallest group an aggregate may show (k-anonymity, AC-4): smaller groups are suppressed. */
export const MIN_GROUP_SIZE = 5;

/** Roles that may see de-identified aggregates. */
const AGGREGATE_ROLES: readonly StaffRole[] = ['operations', 'owner', 'finance'];

/**
 * One group of an aggregate as a repository computes it: what it is grouped by (a day, a product,
 * a campaign, a search phrase — never a person), how many distinct people are in it, and its sums.
 */
export interface GroupRow<G extends Record<string, string | number>, V extends Record<string, number>> {
  group: G;
  /** Distinct data subjects in the group (or, where none are recorded, the count of events). */
  people: number;
  values: V;
}

/** An aggregate as operations sees it: groups of at least 5 people, and how many were left out. */
export interface Aggregate<G extends Record<string, string | number>, V extends Record<string, number>> {
  rows: { group: G; values: V }[];
  /** How many groups were too small to show. Their sums are not shown anywhere else either. */
  suppressedGroups: number;
  minGroupSize: number;
}

// Ids of people (members, guests, marketplace buyers) never leave an aggregate.
const SUBJECT_ID = /^(cus|gst|sub|buy)_/;

/**
 * THE way operations reads data about people (AC-4, PV-1): `compute` returns grouped counts from a
 * repository; this drops every group of fewer than `MIN_GROUP_SIZE` people, strips the people
 * counts, refuses a group key that is a person's id, and audits the report by name.
 */
export async function aggregate<G extends Record<string, string | number>, V extends Record<string, number>>(
  ctx: Ctx,
  report: string,
  compute: () => Promise<GroupRow<G, V>[]>,
): Promise<Aggregate<G, V>> {
  const role = roleOfActor(ctx.actor);
  if (ctx.actor.kind !== 'system' && (!role || !AGGREGATE_ROLES.includes(role)))
    throw forbidden(`the ${role ?? ctx.actor.kind} role does not see sales and search reports`);
  const groups = await compute();
  const shown = groups.filter((g) => g.people >= MIN_GROUP_SIZE);
  for (const g of shown)
    for (const value of Object.values(g.group))
      if (typeof value === 'string' && SUBJECT_ID.test(value))
        throw new Error(`aggregate '${report}' groups by a person's id; that is not an aggregate`);
  await ctx.audit.record(ctx, {
    action: 'aggregate',
    detail: { report, groups: shown.length, suppressed: groups.length - shown.length },
  });
  return {
    rows: shown.map((g) => ({ group: g.group, values: g.values })),
    suppressedGroups: groups.length - shown.length,
    minGroupSize: MIN_GROUP_SIZE,
  };
}

/** An aggregate as the JSON API sends it: each row's group and values side by side. */
export function flatAggregate<G extends Record<string, string | number>, V extends Record<string, number>>(
  a: Aggregate<G, V>,
): { rows: (G & V)[]; suppressedGroups: number; minGroupSize: number } {
  return {
    rows: a.rows.map((r) => ({ ...r.group, ...r.values })),
    suppressedGroups: a.suppressedGroups,
    minGroupSize: a.minGroupSize,
  };
}
