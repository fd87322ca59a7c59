CREATE SCHEMA "cart";
--> statement-breakpoint
CREATE TABLE "cart"."cart" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"token_hash" text,
	"customer_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cart"."cart" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cart"."cart_line" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"cart_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cart_line_cart_id_variant_id_pk" PRIMARY KEY("cart_id","variant_id")
);
--> statement-breakpoint
ALTER TABLE "cart"."cart_line" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "cart"."cart_line" ADD CONSTRAINT "cart_line_cart_id_cart_id_fk" FOREIGN KEY ("cart_id") REFERENCES "cart"."cart"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cart_token" ON "cart"."cart" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE INDEX "cart_customer" ON "cart"."cart" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cart"."cart" AS PERMISSIVE FOR ALL TO public USING ("cart"."cart"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("cart"."cart"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cart"."cart_line" AS PERMISSIVE FOR ALL TO public USING ("cart"."cart_line"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("cart"."cart_line"."tenant_id" = current_setting('app.tenant_id', true));