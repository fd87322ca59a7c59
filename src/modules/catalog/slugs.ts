import { invalid } from '#platform/errors.ts';

/** Checks a catalog slug (it appears in URLs): lower-case letters, digits and dashes. */
export function assertCatalogSlug(kind: 'product' | 'category', slug: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug) || slug.length > 80) {
    throw invalid(`${kind} slug '${slug}' must be lower-case letters, digits or dashes (at most 80)`);
  }
}
