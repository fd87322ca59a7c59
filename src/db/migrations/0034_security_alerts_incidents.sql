CREATE SCHEMA "security";
--> statement-breakpoint
CREATE TABLE "security"."alert" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"detail" jsonb NOT NULL,
	"status" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"dedupe" text NOT NULL,
	"handled_by" text,
	"handled_at" timestamp with time zone,
	"incident_id" text
);
--> statement-breakpoint
ALTER TABLE "security"."alert" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "security"."canary" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"subject_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "security"."canary" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "security"."incident" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text,
	"status" text NOT NULL,
	"aware_at" timestamp with time zone NOT NULL,
	"partner_due_at" timestamp with time zone NOT NULL,
	"authority_due_at" timestamp with time zone NOT NULL,
	"partner_notified_at" timestamp with time zone,
	"authority_notified_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"suspect_actor" text,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone,
	"affected_subjects" integer NOT NULL,
	"affected_pseudonyms" jsonb NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "security"."incident" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "security"."incident_entry" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"incident_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"kind" text NOT NULL,
	"text" text,
	"evidence_sha256" text
);
--> statement-breakpoint
ALTER TABLE "security"."incident_entry" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "security"."incident_entry" ADD CONSTRAINT "incident_entry_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "security"."incident"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_dedupe" ON "security"."alert" USING btree ("tenant_id","dedupe");--> statement-breakpoint
CREATE INDEX "alert_status_time" ON "security"."alert" USING btree ("tenant_id","status","raised_at");--> statement-breakpoint
CREATE INDEX "incident_status" ON "security"."incident" USING btree ("tenant_id","status","authority_due_at");--> statement-breakpoint
CREATE INDEX "incident_entry_incident" ON "security"."incident_entry" USING btree ("incident_id","at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "security"."alert" AS PERMISSIVE FOR ALL TO public USING ("security"."alert"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("security"."alert"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "security"."canary" AS PERMISSIVE FOR ALL TO public USING ("security"."canary"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("security"."canary"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "security"."incident" AS PERMISSIVE FOR ALL TO public USING ("security"."incident"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("security"."incident"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "security"."incident_entry" AS PERMISSIVE FOR ALL TO public USING ("security"."incident_entry"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("security"."incident_entry"."tenant_id" = current_setting('app.tenant_id', true));