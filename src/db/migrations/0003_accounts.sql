CREATE SCHEMA "accounts";
--> statement-breakpoint
CREATE TABLE "accounts"."customer" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"email" text NOT NULL,
	"email_index" text NOT NULL,
	"nickname" text NOT NULL,
	"password_hash" text NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "accounts"."customer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "accounts"."session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"customer_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts"."session" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "accounts"."session" ADD CONSTRAINT "session_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "accounts"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_tenant_email" ON "accounts"."customer" USING btree ("tenant_id","email_index");--> statement-breakpoint
CREATE INDEX "session_customer" ON "accounts"."session" USING btree ("customer_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."customer" AS PERMISSIVE FOR ALL TO public USING ("accounts"."customer"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."customer"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."session" AS PERMISSIVE FOR ALL TO public USING ("accounts"."session"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."session"."tenant_id" = current_setting('app.tenant_id', true));