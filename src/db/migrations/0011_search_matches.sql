-- Search under row-level security cannot use the full-text and trigram indexes: `@@` and `<%` are
-- not LEAKPROOF, so PostgreSQL must apply the tenant policy first and then test every one of the
-- tenant's products (a 100,000-product store took 300 ms per query). This function finds the
-- matches with the indexes, as the table owner, and applies the tenant rule itself — the same rule
-- as the policy, read from the same transaction setting. It returns what sorting, filtering and
-- facets need, so a search touches catalog.product rows (under RLS) only for the page it shows.
--
-- The fuzzy name match (trigram word similarity) runs only when full-text search finds nothing:
-- typos are mostly corrected before, from the store's vocabulary, and a trigram scan of every name
-- costs several times the full-text lookup.
CREATE FUNCTION "catalog"."search_matches"(query tsquery, fuzzy text)
RETURNS TABLE (id text, rank real, units_sold integer, category_id text, min_price_cents integer, created_at timestamptz, name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
ROWS 500
AS $$
BEGIN
  RETURN QUERY
    SELECT p.id, ts_rank(p.search_vector, query), p.units_sold, p.category_id, p.min_price_cents, p.created_at, p.name
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
