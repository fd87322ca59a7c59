CREATE TABLE "catalog"."synonym_group" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"phrases" text[] NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."synonym_group" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- Variant titles join the search document (sizes such as 8x10 written any common way). The
-- generated column is rebuilt, and with it its full-text index; existing products' variant text
-- is filled in by the application at start-up (sizes are normalised in TypeScript).
ALTER TABLE "catalog"."product" ADD COLUMN "variant_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."product" drop column "search_vector";--> statement-breakpoint
ALTER TABLE "catalog"."product" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("name", '') || ' ' || coalesce("series", '')), 'A') || setweight(to_tsvector('english', "category_name" || ' ' || "tags_text" || ' ' || "variant_text"), 'B') || setweight(to_tsvector('english', "description"), 'C')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "product_search" ON "catalog"."product" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "synonym_group_tenant" ON "catalog"."synonym_group" USING btree ("tenant_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."synonym_group" AS PERMISSIVE FOR ALL TO public USING ("catalog"."synonym_group"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."synonym_group"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Products that exist already: their variant titles, as written and with sizes compacted (the
-- application does the same in TypeScript for new and edited variants: variantSearchText).
UPDATE "catalog"."product" p SET "variant_text" = coalesce((
  SELECT string_agg(v.title || ' ' || regexp_replace(
           regexp_replace(v.title, '(\d+(?:\.\d+)?)\s*[''′’]?\s*[x×*]\s*(\d+(?:\.\d+)?)\s*[''′’]?', '\1x\2', 'g'),
           '(\d+)\s*(ml|g|kg|oz|cm|mm)\M', '\1\2', 'g'), ' ' ORDER BY v.position)
  FROM "catalog"."variant" v WHERE v.product_id = p.id), '');
--> statement-breakpoint
-- A third argument: the shopper's own words (with their spellings). Products matching them rank
-- above products that match only a synonym or a typo correction ("moisturiser" puts the
-- moisturizers before the other hydrating creams its synonyms find). Same tenant rule as before.
DROP FUNCTION "catalog"."search_matches"(tsquery, text);--> statement-breakpoint
CREATE FUNCTION "catalog"."search_matches"(query tsquery, fuzzy text, own tsquery)
RETURNS TABLE (id text, rank real, units_sold integer, category_id text, min_price_cents integer, created_at timestamptz, name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
ROWS 500
AS $$
BEGIN
  RETURN QUERY
    SELECT p.id,
           ts_rank(p.search_vector, query) + CASE WHEN own IS NULL THEN 0 ELSE ts_rank(p.search_vector, own) END,
           p.units_sold, p.category_id, p.min_price_cents, p.created_at, p.name
    FROM "catalog"."product" p
    WHERE p.tenant_id = current_setting('app.tenant_id', true) AND p.search_vector @@ query;
  IF NOT FOUND AND fuzzy IS NOT NULL THEN
    RETURN QUERY
      SELECT p.id, word_similarity(fuzzy, p.name)::real, p.units_sold, p.category_id, p.min_price_cents, p.created_at, p.name
      FROM "catalog"."product" p
      WHERE p.tenant_id = current_setting('app.tenant_id', true) AND fuzzy <% p.name;
  END IF;
END
$$;
