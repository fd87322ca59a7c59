CREATE TABLE "privacy"."disclosure" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"processor_id" text,
	"recipient" text NOT NULL,
	"purpose" text NOT NULL,
	"fields" text[] NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"ref" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy"."disclosure" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "privacy"."processor" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"agreement_ref" text NOT NULL,
	"fields" text[] NOT NULL,
	"state" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"terminated_at" timestamp with time zone,
	"termination_reason" text
);
--> statement-breakpoint
ALTER TABLE "privacy"."processor" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "disclosure_tenant_at" ON "privacy"."disclosure" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "processor_one_active_kind" ON "privacy"."processor" USING btree ("tenant_id","kind") WHERE "privacy"."processor"."state" = 'active';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."disclosure" AS PERMISSIVE FOR ALL TO public USING ("privacy"."disclosure"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."disclosure"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "privacy"."processor" AS PERMISSIVE FOR ALL TO public USING ("privacy"."processor"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("privacy"."processor"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Stores that exist already keep taking payments: their payment provider (the built-in test card
-- processor, the only one Pledge ships) is registered with the fields a payment needs (SH-2).
INSERT INTO "privacy"."processor" ("id", "tenant_id", "kind", "name", "purpose", "agreement_ref", "fields", "state", "registered_at")
SELECT 'prc_' || substr(md5(t.id || ':payment_provider'), 1, 26), t.id, 'payment_provider',
       'Built-in test card processor', 'payment', 'built-in: no outside party (test cards only)',
       ARRAY['payment_card', 'payment_token', 'amount_cents', 'currency', 'settlement_ref', 'order_ref'],
       'active', now()
FROM "tenants"."tenant" t;
