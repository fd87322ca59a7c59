CREATE SCHEMA "wishlist";
--> statement-breakpoint
CREATE TABLE "wishlist"."saved_item" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"customer_id" text NOT NULL,
	"product_id" text NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "saved_item_tenant_id_customer_id_product_id_pk" PRIMARY KEY("tenant_id","customer_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "wishlist"."saved_item" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "wishlist"."saved_item" AS PERMISSIVE FOR ALL TO public USING ("wishlist"."saved_item"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("wishlist"."saved_item"."tenant_id" = current_setting('app.tenant_id', true));