CREATE SCHEMA "reviews";
--> statement-breakpoint
CREATE TABLE "reviews"."review" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"product_id" text NOT NULL,
	"order_id" text NOT NULL,
	"subject_id" text NOT NULL,
	"rating" integer NOT NULL,
	"body" text NOT NULL,
	"display_name" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"moderated_at" timestamp with time zone,
	"moderated_by" text,
	"published_body" text,
	"published_name" text
);
--> statement-breakpoint
ALTER TABLE "reviews"."review" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "catalog"."product" ADD COLUMN "rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "catalog"."product" ADD COLUMN "rating_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "review_one_per_order_product" ON "reviews"."review" USING btree ("tenant_id","order_id","product_id");--> statement-breakpoint
CREATE INDEX "review_product" ON "reviews"."review" USING btree ("tenant_id","product_id","status");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "reviews"."review" AS PERMISSIVE FOR ALL TO public USING ("reviews"."review"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("reviews"."review"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Every store's policy explains each purpose in its own words; stores that exist get the words
-- for the new purpose (reviews), which their owner may change.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{purposes,reviews}', to_jsonb('To show the review you chose to publish, with your nickname only, once the store approved it.'::text))
WHERE NOT ("policy"->'purposes' ? 'reviews');
