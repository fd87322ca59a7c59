CREATE SCHEMA "catalog";
--> statement-breakpoint
CREATE SCHEMA "tenants";
--> statement-breakpoint
CREATE TABLE "catalog"."category" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"motif" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."category" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "catalog"."product" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"category_id" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"series" text,
	"category_name" text NOT NULL,
	"description" text NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"tags_text" text DEFAULT '' NOT NULL,
	"motif" text NOT NULL,
	"hue" integer NOT NULL,
	"min_price_cents" integer NOT NULL,
	"units_sold" integer DEFAULT 0 NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("name", '') || ' ' || coalesce("series", '')), 'A') || setweight(to_tsvector('english', "category_name" || ' ' || "tags_text"), 'B') || setweight(to_tsvector('english', "description"), 'C')) STORED NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."product" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "catalog"."search_stat" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"day" date NOT NULL,
	"query" text NOT NULL,
	"searches" integer DEFAULT 0 NOT NULL,
	"zero_results" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "search_stat_tenant_id_day_query_pk" PRIMARY KEY("tenant_id","day","query")
);
--> statement-breakpoint
ALTER TABLE "catalog"."search_stat" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "catalog"."search_word" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_word_tenant_id_word_pk" PRIMARY KEY("tenant_id","word")
);
--> statement-breakpoint
ALTER TABLE "catalog"."search_word" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "catalog"."variant" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"product_id" text NOT NULL,
	"sku" text NOT NULL,
	"title" text NOT NULL,
	"price_cents" integer NOT NULL,
	"stock" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."variant" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenants"."tenant" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"hosts" text[] DEFAULT '{}' NOT NULL,
	"policy" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenant_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "catalog"."product" ADD CONSTRAINT "product_category_id_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "catalog"."category"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog"."variant" ADD CONSTRAINT "variant_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "catalog"."product"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "category_tenant_slug" ON "catalog"."category" USING btree ("tenant_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "product_tenant_slug" ON "catalog"."product" USING btree ("tenant_id","slug");--> statement-breakpoint
CREATE INDEX "product_tenant_category" ON "catalog"."product" USING btree ("tenant_id","category_id");--> statement-breakpoint
CREATE INDEX "product_tenant_sold" ON "catalog"."product" USING btree ("tenant_id","units_sold");--> statement-breakpoint
CREATE INDEX "product_search" ON "catalog"."product" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "product_name_trgm" ON "catalog"."product" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_word_trgm" ON "catalog"."search_word" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "variant_tenant_sku" ON "catalog"."variant" USING btree ("tenant_id","sku");--> statement-breakpoint
CREATE INDEX "variant_product" ON "catalog"."variant" USING btree ("product_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."category" AS PERMISSIVE FOR ALL TO public USING ("catalog"."category"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."category"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."product" AS PERMISSIVE FOR ALL TO public USING ("catalog"."product"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."product"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."search_stat" AS PERMISSIVE FOR ALL TO public USING ("catalog"."search_stat"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."search_stat"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."search_word" AS PERMISSIVE FOR ALL TO public USING ("catalog"."search_word"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."search_word"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."variant" AS PERMISSIVE FOR ALL TO public USING ("catalog"."variant"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."variant"."tenant_id" = current_setting('app.tenant_id', true));