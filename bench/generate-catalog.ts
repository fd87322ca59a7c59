/**
 * Bench fixture: bulk-generates a large catalog into one tenant with set-based SQL (the module's
 * `createProduct` would take minutes for 100,000 products). Names combine real skincare words, so
 * two-word searches find plenty, as in a real big store.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { sqlArray } from '../src/db/schema-helpers.ts';

export const ADJECTIVES = [
  'hydrating',
  'gentle',
  'rose',
  'vitamin',
  'daily',
  'overnight',
  'brightening',
  'calming',
  'matcha',
  'ceramide',
  'peptide',
  'retinol',
  'honey',
  'aloe',
  'charcoal',
  'clay',
  'citrus',
  'lavender',
  'cica',
  'squalane',
  'niacinamide',
  'jasmine',
  'oat',
  'cucumber',
  'mineral',
  'barrier',
  'firming',
  'soothing',
  'clarifying',
  'radiance',
];
export const NOUNS = [
  'serum',
  'cream',
  'toner',
  'cleanser',
  'mask',
  'balm',
  'oil',
  'essence',
  'lotion',
  'gel',
  'mist',
  'peel',
  'scrub',
  'sunscreen',
  'moisturizer',
  'ampoule',
  'foam',
  'pads',
  'stick',
  'concentrate',
];

/** Inserts `count` products with one variant each; returns load and index-rebuild times. */
export async function generateCatalog(
  database: Database,
  tenantId: string,
  count: number,
  /** Runs SQL as the schema owner (PostgreSQL only): REINDEX needs ownership. */
  ownerSql?: (statement: string) => Promise<void>,
): Promise<{ products: number; loadMs: number; reindexMs: number | null }> {
  const started = performance.now();
  await database.withTenant(tenantId, async (db) => {
    const categories = await queryRows<{ id: string; name: string; motif: string }>(
      db,
      sql`select id, name, motif from catalog.category order by position, id`,
    );
    const ids = sqlArray(
      categories.map((c) => c.id),
      'text',
    );
    const names = sqlArray(
      categories.map((c) => c.name),
      'text',
    );
    const motifs = sqlArray(
      categories.map((c) => c.motif),
      'text',
    );
    const adjectives = sqlArray(ADJECTIVES, 'text');
    const nouns = sqlArray(NOUNS, 'text');
    const nc = categories.length;
    const na = ADJECTIVES.length;
    const nn = NOUNS.length;
    const batch = 10_000;
    for (let from = 1; from <= count; from += batch) {
      const to = Math.min(count, from + batch - 1);
      await queryRows(
        db,
        sql`insert into catalog.product
              (id, category_id, slug, name, series, category_name, description, tags, tags_text, motif, hue,
               min_price_cents, created_at)
            select 'prd_gen' || lpad(g::text, 9, '0'),
                   (${ids})[1 + g % ${nc}],
                   'gen-' || g,
                   initcap((${adjectives})[1 + g % ${na}] || ' ' || (${adjectives})[1 + (g / ${na}) % ${na}] || ' ' ||
                           (${nouns})[1 + (g / ${na * na}) % ${nn}]) || ' No. ' || g,
                   null,
                   (${names})[1 + g % ${nc}],
                   'A ' || (${adjectives})[1 + (g / 7) % ${na}] || ' ' || (${nouns})[1 + g % ${nn}] ||
                     ' for every skin type, made in small batches.',
                   array[(${adjectives})[1 + g % ${na}]],
                   (${adjectives})[1 + g % ${na}],
                   (${motifs})[1 + g % ${nc}],
                   g % 360,
                   500 + (g * 37) % 9000,
                   now() - (g || ' minutes')::interval
            from generate_series(${from}::int, ${to}::int) g`,
      );
      await queryRows(
        db,
        sql`insert into catalog.variant (id, product_id, sku, title, price_cents, position)
            select 'var_gen' || lpad(g::text, 9, '0'), 'prd_gen' || lpad(g::text, 9, '0'), 'GEN-' || g, 'Standard',
                   500 + (g * 37) % 9000, 0
            from generate_series(${from}::int, ${to}::int) g`,
      );
      // Stock as the stock module keeps it: a level and the receipt that explains it.
      await queryRows(
        db,
        sql`with levels as (
              insert into stock.level (variant_id, on_hand)
              select 'var_gen' || lpad(g::text, 9, '0'), 100 from generate_series(${from}::int, ${to}::int) g
              returning variant_id)
            insert into stock.movement (id, variant_id, kind, quantity, reason, at, actor)
            select 'mov_gen_' || variant_id, variant_id, 'receipt', 100, 'generated catalog', now(), 'system:bench'
            from levels`,
      );
    }
    await queryRows(
      db,
      sql`insert into catalog.search_word (word)
          select unnest(${adjectives} || ${nouns}) on conflict do nothing`,
    );
  });
  const loadMs = performance.now() - started;
  let reindexMs: number | null = null;
  if (ownerSql) {
    // Rebuilding both search indexes from scratch: what a restore or a bulk import costs.
    const reindexStarted = performance.now();
    await ownerSql('reindex index catalog.product_search');
    await ownerSql('reindex index catalog.product_name_trgm');
    // Statistics for every bulk-loaded table: without them the planner reads a product's variants
    // through the tenant index (all 100,000 rows) instead of the product index — a bench artefact
    // that autovacuum would fix in production after a while, and that cost a third of the time.
    await ownerSql('analyze catalog.product');
    await ownerSql('analyze catalog.variant');
    await ownerSql('analyze stock.level');
    await ownerSql('analyze stock.movement');
    reindexMs = Math.round(performance.now() - reindexStarted);
  }
  return { products: count, loadMs: Math.round(loadMs), reindexMs };
}
