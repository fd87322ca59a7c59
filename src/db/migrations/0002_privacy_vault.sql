CREATE SCHEMA "privacy";
--> statement-breakpoint
CREATE TABLE "privacy"."subject_key" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"subject_id" text NOT NULL,
	"wrapped_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"destroyed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "privacy"."subject_key" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "privacy"."tenant_key" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"purpose" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenant_key_tenant_id_purpose_pk" PRIMARY KEY("tenant_id","purpose")
);
--> statement-breakpoint
ALTER TABLE "privacy"."tenant_key" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "subject_key_subject" ON "privacy"."subject_key" USING btree ("tenant_id","subject_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."subject_key" AS PERMISSIVE FOR ALL TO public USING ("privacy"."subject_key"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."subject_key"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."tenant_key" AS PERMISSIVE FOR ALL TO public USING ("privacy"."tenant_key"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."tenant_key"."tenant_id" = current_setting('app.tenant_id', true));