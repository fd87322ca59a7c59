CREATE SCHEMA "throttle";
--> statement-breakpoint
CREATE TABLE "accounts"."pending_registration" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"token_hash" text NOT NULL,
	"email" text,
	"email_index" text,
	"nickname" text,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts"."pending_registration" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "throttle"."failure_window" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"rule" text NOT NULL,
	"scope_hash" text NOT NULL,
	"source_hash" text NOT NULL,
	"failures" integer NOT NULL,
	"window_ends_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "failure_window_tenant_id_rule_scope_hash_source_hash_pk" PRIMARY KEY("tenant_id","rule","scope_hash","source_hash")
);
--> statement-breakpoint
ALTER TABLE "throttle"."failure_window" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "pending_registration_token" ON "accounts"."pending_registration" USING btree ("tenant_id","token_hash");--> statement-breakpoint
ALTER TABLE "accounts"."customer" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "accounts"."customer" DROP COLUMN "locked_until";--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."pending_registration" AS PERMISSIVE FOR ALL TO public USING ("accounts"."pending_registration"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."pending_registration"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "throttle"."failure_window" AS PERMISSIVE FOR ALL TO public USING ("throttle"."failure_window"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("throttle"."failure_window"."tenant_id" = current_setting('app.tenant_id', true));