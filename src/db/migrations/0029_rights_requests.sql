CREATE SCHEMA "rights";
--> statement-breakpoint
CREATE TABLE "privacy"."consent_choice" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"holder" text NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"source" text NOT NULL,
	"policy_version" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy"."consent_choice" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "privacy"."restriction" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"subject_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"lifted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "privacy"."restriction" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rights"."request" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"requester" text NOT NULL,
	"subject_id" text,
	"contact_email" text,
	"message" text,
	"reply" text,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"legal_due_at" timestamp with time zone NOT NULL,
	"clock" text NOT NULL,
	"assigned_to" text,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"receipt" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rights"."request" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rights"."verification" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"subject_id" text NOT NULL,
	"subject_ids" text[] NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer NOT NULL,
	"code_expires_at" timestamp with time zone NOT NULL,
	"token_hash" text,
	"token_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rights"."verification" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "consent_choice_holder" ON "privacy"."consent_choice" USING btree ("tenant_id","holder","at");--> statement-breakpoint
CREATE INDEX "restriction_subject" ON "privacy"."restriction" USING btree ("tenant_id","subject_id");--> statement-breakpoint
CREATE INDEX "request_status_due" ON "rights"."request" USING btree ("tenant_id","status","due_at");--> statement-breakpoint
CREATE INDEX "request_subject" ON "rights"."request" USING btree ("tenant_id","subject_id");--> statement-breakpoint
CREATE INDEX "request_reference" ON "rights"."request" USING btree ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "verification_token" ON "rights"."verification" USING btree ("token_hash");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."consent_choice" AS PERMISSIVE FOR ALL TO public USING ("privacy"."consent_choice"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."consent_choice"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."restriction" AS PERMISSIVE FOR ALL TO public USING ("privacy"."restriction"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."restriction"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "rights"."request" AS PERMISSIVE FOR ALL TO public USING ("rights"."request"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("rights"."request"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "rights"."verification" AS PERMISSIVE FOR ALL TO public USING ("rights"."verification"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("rights"."verification"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Every store's policy explains each purpose in its own words and defines every retention rule;
-- stores that exist get the words for the new purposes and the new rules, which their owner may change.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{purposes,privacy_requests}', to_jsonb('To carry out and answer what you ask about your data, and your complaints, and to keep proof that we did.'::text))
WHERE NOT ("policy"->'purposes' ? 'privacy_requests');--> statement-breakpoint
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{purposes,personalisation}', to_jsonb('Only if you turn it on: to suggest products matched to what you looked at, from your own browsing in this store.'::text))
WHERE NOT ("policy"->'purposes' ? 'personalisation');--> statement-breakpoint
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{retention,privacy_requests}', '{"after":"created","days":1095,"then":"delete"}'::jsonb)
WHERE NOT ("policy"->'retention' ? 'privacy_requests');--> statement-breakpoint
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{retention,browsing_history}', '{"after":"created","days":90,"then":"delete"}'::jsonb)
WHERE NOT ("policy"->'retention' ? 'browsing_history');--> statement-breakpoint
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{retention,consent_records}', '{"after":"created","days":1095,"then":"delete"}'::jsonb)
WHERE NOT ("policy"->'retention' ? 'consent_records');
