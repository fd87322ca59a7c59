CREATE TABLE "accounts"."policy_notice" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"customer_id" text NOT NULL,
	"version" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts"."policy_notice" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "policy_notice_once" ON "accounts"."policy_notice" USING btree ("tenant_id","customer_id","version");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "accounts"."policy_notice" AS PERMISSIVE FOR ALL TO public USING ("accounts"."policy_notice"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("accounts"."policy_notice"."tenant_id" = current_setting('app.tenant_id', true));