CREATE TABLE "accounts"."email_change" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"customer_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"email_index" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts"."email_change" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "accounts"."saved_address" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"customer_id" text NOT NULL,
	"recipient_name" text NOT NULL,
	"street_line1" text NOT NULL,
	"street_line2" text,
	"city" text NOT NULL,
	"region" text,
	"postal_code" text,
	"country_code" text NOT NULL,
	"phone" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts"."saved_address" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "accounts"."email_change" ADD CONSTRAINT "email_change_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "accounts"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts"."saved_address" ADD CONSTRAINT "saved_address_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "accounts"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_change_token" ON "accounts"."email_change" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE INDEX "saved_address_customer" ON "accounts"."saved_address" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."email_change" AS PERMISSIVE FOR ALL TO public USING ("accounts"."email_change"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."email_change"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."saved_address" AS PERMISSIVE FOR ALL TO public USING ("accounts"."saved_address"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."saved_address"."tenant_id" = current_setting('app.tenant_id', true));