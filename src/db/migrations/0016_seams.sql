CREATE SCHEMA "checkout";
--> statement-breakpoint
CREATE SCHEMA "payments";
--> statement-breakpoint
CREATE SCHEMA "stock";
--> statement-breakpoint
CREATE SCHEMA "events";
--> statement-breakpoint
CREATE TABLE "checkout"."submission" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"cart_id" text NOT NULL,
	"order_id" text NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "submission_tenant_id_idempotency_key_pk" PRIMARY KEY("tenant_id","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "checkout"."submission" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payments"."ledger_entry" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"subject_id" text,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments"."ledger_entry" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stock"."level" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"variant_id" text PRIMARY KEY NOT NULL,
	"on_hand" integer NOT NULL,
	CONSTRAINT "level_on_hand_not_negative" CHECK ("stock"."level"."on_hand" >= 0)
);
--> statement-breakpoint
ALTER TABLE "stock"."level" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stock"."movement" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"variant_id" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"order_id" text,
	"reason" text,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stock"."movement" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "events"."delivery" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"subscriber" text NOT NULL,
	"payload" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"request_id" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "events"."delivery" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "orders"."order_tenant_idempotency";--> statement-breakpoint
DROP INDEX "orders"."order_requester";--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "subject_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "contact_email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "contact_email_index" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "privacy_policy_version" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "policy_accepted_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "payment_provider" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."shipping_address" ALTER COLUMN "recipient_name" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."shipping_address" ALTER COLUMN "street_line1" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."shipping_address" ALTER COLUMN "city" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "channel" text DEFAULT 'storefront' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders"."order" ALTER COLUMN "channel" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "orders"."order" ADD COLUMN "external_ref" text;--> statement-breakpoint
CREATE INDEX "submission_cart" ON "checkout"."submission" USING btree ("tenant_id","cart_id");--> statement-breakpoint
CREATE INDEX "submission_requester" ON "checkout"."submission" USING btree ("tenant_id","request_hash","created_at");--> statement-breakpoint
CREATE INDEX "submission_state" ON "checkout"."submission" USING btree ("tenant_id","state","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_idempotency" ON "payments"."ledger_entry" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_order" ON "payments"."ledger_entry" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "movement_variant" ON "stock"."movement" USING btree ("tenant_id","variant_id","at");--> statement-breakpoint
CREATE INDEX "delivery_due" ON "events"."delivery" USING btree ("tenant_id","delivered_at","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_channel_ref" ON "orders"."order" USING btree ("tenant_id","channel","external_ref") WHERE "orders"."order"."external_ref" is not null;--> statement-breakpoint
CREATE INDEX "order_subject" ON "orders"."order" USING btree ("tenant_id","subject_id");--> statement-breakpoint
-- The stock module takes over the levels: each variant opens with its current stock as a receipt,
-- so the ledger explains every unit from here on.
INSERT INTO "stock"."level" ("tenant_id", "variant_id", "on_hand")
  SELECT "tenant_id", "id", "stock" FROM "catalog"."variant";--> statement-breakpoint
INSERT INTO "stock"."movement" ("id", "tenant_id", "variant_id", "kind", "quantity", "order_id", "reason", "at", "actor")
  SELECT 'mov_opening_' || "id", "tenant_id", "id", 'receipt', "stock", NULL, 'opening stock (moved from the catalog)', now(), 'system:migration'
  FROM "catalog"."variant";--> statement-breakpoint
ALTER TABLE "catalog"."variant" DROP COLUMN "stock";--> statement-breakpoint
ALTER TABLE "orders"."order" DROP COLUMN "idempotency_key";--> statement-breakpoint
ALTER TABLE "orders"."order" DROP COLUMN "request_hash";--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "checkout"."submission" AS PERMISSIVE FOR ALL TO public USING ("checkout"."submission"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("checkout"."submission"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "payments"."ledger_entry" AS PERMISSIVE FOR ALL TO public USING ("payments"."ledger_entry"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("payments"."ledger_entry"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "stock"."level" AS PERMISSIVE FOR ALL TO public USING ("stock"."level"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("stock"."level"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "stock"."movement" AS PERMISSIVE FOR ALL TO public USING ("stock"."movement"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("stock"."movement"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "events"."delivery" AS PERMISSIVE FOR ALL TO public USING ("events"."delivery"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("events"."delivery"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Policies written before stores had a time zone, holidays, purposes and retention rules get the
-- demo stores' published ones, so every stored policy matches the TenantPolicy schema.
UPDATE "tenants"."tenant"
SET "policy" = "policy"
  || jsonb_build_object('timeZone', coalesce("policy"->'timeZone', '"America/New_York"'::jsonb))
  || jsonb_build_object('holidays', coalesce("policy"->'holidays', '[]'::jsonb))
  || jsonb_build_object('purposes', coalesce("policy"->'purposes', '{"login": "To let you sign in to your account and keep you signed in.", "registration": "To create your account once you confirm your e-mail address.", "order_updates": "To tell you about your orders: confirmation, dispatch, delivery.", "order_lookup": "To let you find a guest order again with its number and your e-mail address.", "delivery_contact": "To let the carrier reach you about a delivery, when you give a phone number.", "password_reset": "To send you a link when you ask to choose a new password.", "greeting": "To greet you by the nickname you chose.", "customer_service": "To answer you when you contact us about an order.", "fulfilment": "To pack your parcel and hand it to the carrier.", "payment": "To take payment and give refunds through our payment provider.", "bookkeeping": "To keep the accounts the law requires, without your name or address.", "transactional_email": "To send the e-mails you asked for or need for an order.", "security": "To slow down password guessing and card testing.", "shopping": "To keep your cart and wishlist between visits."}'::jsonb))
  || jsonb_build_object('retention', coalesce("policy"->'retention', '{"account_data": {"after": "account_closed", "days": 0, "then": "erase"}, "pending_registrations": {"after": "expired", "days": 0, "then": "delete"}, "sessions": {"after": "expired", "days": 0, "then": "delete"}, "reset_tokens": {"after": "expired", "days": 0, "then": "delete"}, "carts": {"after": "expired", "days": 0, "then": "delete"}, "wishlists": {"after": "account_closed", "days": 0, "then": "delete"}, "order_personal_data": {"after": "order_closed", "days": 0, "then": "anonymise"}, "access_grants": {"after": "expired", "days": 0, "then": "delete"}, "checkout_submissions": {"after": "created", "days": 1, "then": "delete"}, "payment_records": {"after": "order_closed", "days": 0, "then": "anonymise"}, "outbox_messages": {"after": "sent", "days": 30, "then": "delete"}, "throttle_windows": {"after": "expired", "days": 0, "then": "delete"}, "erasure_records": {"after": "created", "days": 3650, "then": "delete"}}'::jsonb));
