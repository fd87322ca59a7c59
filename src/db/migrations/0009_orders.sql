CREATE SCHEMA "orders";
--> statement-breakpoint
CREATE TABLE "orders"."access_grant" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."access_grant" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "orders"."order" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"number" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"customer_id" text,
	"subject_id" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal_was_cents" integer NOT NULL,
	"subtotal_now_cents" integer NOT NULL,
	"shipping_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"contact_email" text NOT NULL,
	"contact_email_index" text NOT NULL,
	"privacy_policy_version" text NOT NULL,
	"policy_accepted_at" timestamp with time zone NOT NULL,
	"payment_provider" text NOT NULL,
	"payment_charge_id" text,
	"placed_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."order" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "orders"."order_line" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"variant_id" text NOT NULL,
	"product_id" text NOT NULL,
	"sku" text NOT NULL,
	"product_name" text NOT NULL,
	"variant_title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_was_cents" integer NOT NULL,
	"unit_now_cents" integer NOT NULL,
	"campaign_slug" text,
	CONSTRAINT "order_line_order_id_position_pk" PRIMARY KEY("order_id","position")
);
--> statement-breakpoint
ALTER TABLE "orders"."order_line" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "orders"."shipping_address" (
	"order_id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"recipient_name" text NOT NULL,
	"street_line1" text NOT NULL,
	"street_line2" text,
	"city" text NOT NULL,
	"region" text,
	"postal_code" text,
	"country_code" text NOT NULL,
	"phone" text
);
--> statement-breakpoint
ALTER TABLE "orders"."shipping_address" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "orders"."status_change" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders"."status_change" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "orders"."access_grant" ADD CONSTRAINT "access_grant_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."order_line" ADD CONSTRAINT "order_line_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."shipping_address" ADD CONSTRAINT "shipping_address_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders"."status_change" ADD CONSTRAINT "status_change_order_id_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_tenant_number" ON "orders"."order" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "order_tenant_idempotency" ON "orders"."order" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "order_customer" ON "orders"."order" USING btree ("tenant_id","customer_id","placed_at");--> statement-breakpoint
CREATE INDEX "status_change_order" ON "orders"."status_change" USING btree ("order_id","at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "orders"."access_grant" AS PERMISSIVE FOR ALL TO public USING ("orders"."access_grant"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("orders"."access_grant"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "orders"."order" AS PERMISSIVE FOR ALL TO public USING ("orders"."order"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("orders"."order"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "orders"."order_line" AS PERMISSIVE FOR ALL TO public USING ("orders"."order_line"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("orders"."order_line"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "orders"."shipping_address" AS PERMISSIVE FOR ALL TO public USING ("orders"."shipping_address"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("orders"."shipping_address"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "orders"."status_change" AS PERMISSIVE FOR ALL TO public USING ("orders"."status_change"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("orders"."status_change"."tenant_id" = current_setting('app.tenant_id', true));