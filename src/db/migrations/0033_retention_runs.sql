CREATE TABLE "privacy"."retention_run" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"run_id" text NOT NULL,
	"rule" text NOT NULL,
	"what" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"rows" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"error" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy"."retention_run" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "retention_run_at" ON "privacy"."retention_run" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."retention_run" AS PERMISSIVE FOR ALL TO public USING ("privacy"."retention_run"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."retention_run"."tenant_id" = current_setting('app.tenant_id', true));