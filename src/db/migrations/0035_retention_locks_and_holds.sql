CREATE TABLE "privacy"."legal_hold" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"subject_id" text NOT NULL,
	"basis" text NOT NULL,
	"reference" text NOT NULL,
	"placed_by" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"released_by" text,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "privacy"."legal_hold" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "accounts"."customer" ADD COLUMN "inactivity_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts"."customer" ADD COLUMN "locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "privacy"."subject_key" ADD COLUMN "locked_key" text;--> statement-breakpoint
ALTER TABLE "privacy"."subject_key" ADD COLUMN "locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "privacy"."subject_key" ADD COLUMN "lock_reason" text;--> statement-breakpoint
CREATE INDEX "legal_hold_subject" ON "privacy"."legal_hold" USING btree ("tenant_id","subject_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."legal_hold" AS PERMISSIVE FOR ALL TO public USING ("privacy"."legal_hold"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."legal_hold"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Stores that exist get the two new rules (RT-3, RT-4) with the demo stores' values, which their
-- owner may change.
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{retention,marketplace_buyer_data}', '{"after":"delivered","days":30,"then":"anonymise"}'::jsonb)
WHERE NOT ("policy"->'retention' ? 'marketplace_buyer_data');--> statement-breakpoint
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{retention,inactive_accounts}', '{"after":"last_login","days":730,"then":"lock_then_erase","noticeDays":30,"eraseAfterDays":365}'::jsonb)
WHERE NOT ("policy"->'retention' ? 'inactive_accounts');
--> statement-breakpoint
UPDATE "tenants"."tenant"
SET "policy" = jsonb_set("policy", '{purposes,legal_claims}', to_jsonb('Only when a court, an authority or a legal dispute requires it: to keep what it names, locked apart and opened only by our compliance officer, until the hold ends.'::text))
WHERE NOT ("policy"->'purposes' ? 'legal_claims');
