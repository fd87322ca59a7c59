import { sql } from 'drizzle-orm';
import {
  date,
  index,
  jsonb,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tenantIdColumn, tenantIsolation, tsvector } from '#db/schema-helpers.ts';

export const catalogSchema = pgSchema('catalog');

/** A product's structured details (all optional): notes by tier, key ingredients. */
export interface ProductDetails {
  notes?: { top: string[]; heart: string[]; base: string[] };
  ingredients?: string[];
}

export const category = catalogSchema.table(
  'category',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Which generated illustration family the category's products use (bottle, jar, rug, …). */
    motif: text('motif').notNull(),
    position: integer('position').notNull().default(0),
    /** Products in the category, kept by a trigger on catalog.product (navigation shows it on every page). */
    productCount: integer('product_count').notNull().default(0),
  },
  (t) => [uniqueIndex('category_tenant_slug').on(t.tenantId, t.slug), tenantIsolation(t)],
);

export const product = catalogSchema.table(
  'product',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    categoryId: text('category_id')
      .notNull()
      .references(() => category.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** Product line, e.g. "Club de Nuit"; searched with the name's weight. */
    series: text('series'),
    /** Denormalised for the search document (a generated column may only read its own row). */
    categoryName: text('category_name').notNull(),
    description: text('description').notNull(),
    tags: text('tags').array().notNull().default([]),
    /** What shoppers look for beyond the description: a fragrance's notes, key ingredients. */
    details: jsonb('details').$type<ProductDetails>().notNull().default({}),
    /** The tags joined by spaces: array_to_string is not immutable, so the search document reads this. */
    tagsText: text('tags_text').notNull().default(''),
    /** Variant titles as written and with sizes compacted ("8' × 10'" and "8x10"): searched like tags. */
    variantText: text('variant_text').notNull().default(''),
    motif: text('motif').notNull(),
    hue: integer('hue').notNull(),
    /** Cheapest variant's list price, for sorting and price filters without a join. */
    minPriceCents: integer('min_price_cents').notNull(),
    /** Aggregate counters only: no shopper, session or IP is ever bound to them (PV-2). */
    unitsSold: integer('units_sold').notNull().default(0),
    viewCount: integer('view_count').notNull().default(0),
    /** Published reviews: how many, and the sum of their stars (the reviews module keeps them). */
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce("name", '') || ' ' || coalesce("series", '')), 'A') || setweight(to_tsvector('english', "category_name" || ' ' || "tags_text" || ' ' || "variant_text"), 'B') || setweight(to_tsvector('english', "description"), 'C')`,
      ),
  },
  (t) => [
    uniqueIndex('product_tenant_slug').on(t.tenantId, t.slug),
    index('product_tenant_category').on(t.tenantId, t.categoryId),
    index('product_tenant_sold').on(t.tenantId, t.unitsSold),
    index('product_search').using('gin', t.searchVector),
    index('product_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    tenantIsolation(t),
  ],
);

export const variant = catalogSchema.table(
  'variant',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    productId: text('product_id')
      .notNull()
      .references(() => product.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    /** What differs between variants: "50 ml", "5' × 7'". */
    title: text('title').notNull(),
    priceCents: integer('price_cents').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    uniqueIndex('variant_tenant_sku').on(t.tenantId, t.sku),
    index('variant_product').on(t.productId),
    tenantIsolation(t),
  ],
);

/** The store's search vocabulary, for typo correction ("washible" → "washable"). */
export const searchWord = catalogSchema.table(
  'search_word',
  {
    tenantId: tenantIdColumn(),
    word: text('word').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.word] }),
    index('search_word_trgm').using('gin', t.word.op('gin_trgm_ops')),
    tenantIsolation(t),
  ],
);

/**
 * Anonymous search keywords, counted per day (SF-2, PV-2): no account, cookie, session or IP is
 * stored, and queries that look like contact details are not stored at all.
 */
export const searchStat = catalogSchema.table(
  'search_stat',
  {
    tenantId: tenantIdColumn(),
    day: date('day').notNull(),
    query: text('query').notNull(),
    searches: integer('searches').notNull().default(0),
    zeroResults: integer('zero_results').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.query] }), tenantIsolation(t)],
);

/**
 * Search keywords the owner hid from the public "popular searches" (a phrase someone pushed in,
 * or one that should not be shown). Counting goes on; only the display is suppressed.
 */
export const hiddenSearch = catalogSchema.table(
  'hidden_search',
  {
    tenantId: tenantIdColumn(),
    query: text('query').notNull(),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.query] }), tenantIsolation(t)],
);

/**
 * The store's synonyms (SF-2), edited by the owner: each group is phrases that mean the same to
 * its shoppers ("men", "him", "homme"; "sun cream", "sunscreen", "spf"). A query phrase in a
 * group matches products that carry any phrase of the group.
 */
export const synonymGroup = catalogSchema.table(
  'synonym_group',
  {
    id: text('id').primaryKey(),
    tenantId: tenantIdColumn(),
    phrases: text('phrases').array().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('synonym_group_tenant').on(t.tenantId), tenantIsolation(t)],
);
