ALTER TABLE "catalog"."category" ADD COLUMN "product_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Navigation shows each category's product count on every page; counting the products of every
-- category per request costs a scan of the whole catalog. A trigger keeps the count instead, so
-- every way of adding, moving or deleting products (the app, imports, bulk loads) stays exact.
UPDATE "catalog"."category" c SET "product_count" = (SELECT count(*) FROM "catalog"."product" p WHERE p."category_id" = c."id");
--> statement-breakpoint
CREATE FUNCTION "catalog"."count_category_products"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "catalog"."category" SET "product_count" = "product_count" - 1 WHERE "id" = OLD."category_id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE "catalog"."category" SET "product_count" = "product_count" + 1 WHERE "id" = NEW."category_id";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "product_counts_in_category" AFTER INSERT OR DELETE OR UPDATE OF "category_id" ON "catalog"."product"
  FOR EACH ROW EXECUTE FUNCTION "catalog"."count_category_products"();
