CREATE SCHEMA "notifications";
--> statement-breakpoint
CREATE TABLE "accounts"."password_reset" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"customer_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "accounts"."password_reset" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notifications"."outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"subject_id" text NOT NULL,
	"template" text NOT NULL,
	"recipient" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notifications"."outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "accounts"."password_reset" ADD CONSTRAINT "password_reset_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "accounts"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_created" ON "notifications"."outbox" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."password_reset" AS PERMISSIVE FOR ALL TO public USING ("accounts"."password_reset"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."password_reset"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "notifications"."outbox" AS PERMISSIVE FOR ALL TO public USING ("notifications"."outbox"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("notifications"."outbox"."tenant_id" = current_setting('app.tenant_id', true));