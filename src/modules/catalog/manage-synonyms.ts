import type { Ctx } from '#platform/ctx.ts';
import { invalid, notFound } from '#platform/errors.ts';
import { newId } from '#platform/ids.ts';
import { catalogRepository } from './catalog.repository.ts';
import { assertManagesCatalog } from './catalog-manager.ts';
import { wordsOf } from './search-words.ts';
import { normaliseSizes } from './search-terms.ts';

/** A group of phrases the store's shoppers use for one thing ("sun cream", "sunscreen", "spf"). */
export interface SynonymGroup {
  id: string;
  phrases: string[];
}

const MAX_GROUPS = 500;

/** The store's synonym groups (owner). */
export async function listSynonyms(ctx: Ctx): Promise<SynonymGroup[]> {
  assertManagesCatalog(ctx);
  const rows = await catalogRepository.listSynonymGroups(ctx.db);
  return rows.map((r) => ({ id: r.id, phrases: r.phrases }));
}

/**
 * Phrases as search reads them: lower case, letters and digits, at most three words each;
 * duplicates dropped. A group needs two different phrases to mean anything.
 */
function cleanPhrases(phrases: string[]): string[] {
  const cleaned = [...new Set(phrases.map((p) => wordsOf(normaliseSizes(p)).join(' ')).filter(Boolean))];
  if (cleaned.length < 2) throw invalid('a synonym group needs at least two different phrases');
  if (cleaned.length > 12) throw invalid('a synonym group has at most 12 phrases');
  const long = cleaned.find((p) => p.split(' ').length > 3 || p.length > 40);
  if (long) throw invalid(`'${long}' is too long for a synonym: at most three words and 40 characters`);
  return cleaned;
}

/**
 * Adds a synonym group, or replaces the group `id` (owner). Searches use it from the next
 * query on; cached result pages are dropped when the transaction commits.
 */
export async function saveSynonyms(
  ctx: Ctx,
  input: { id?: string | undefined; phrases: string[] },
): Promise<SynonymGroup> {
  assertManagesCatalog(ctx);
  const phrases = cleanPhrases(input.phrases);
  let id = input.id;
  if (id) {
    if (!(await catalogRepository.findSynonymGroup(ctx.db, id))) throw notFound('synonym group', id);
  } else {
    if ((await catalogRepository.listSynonymGroups(ctx.db)).length >= MAX_GROUPS)
      throw invalid(`a store has at most ${MAX_GROUPS} synonym groups`);
    id = newId('syn', ctx.now());
  }
  await catalogRepository.saveSynonymGroup(ctx.db, { id, phrases, updatedAt: ctx.now() });
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
  return { id, phrases };
}

/** Removes a synonym group (owner). */
export async function removeSynonyms(ctx: Ctx, id: string): Promise<void> {
  assertManagesCatalog(ctx);
  if (!(await catalogRepository.deleteSynonymGroup(ctx.db, id))) throw notFound('synonym group', id);
  await catalogRepository.announceChange(ctx.db, ctx.tenant.id);
}
