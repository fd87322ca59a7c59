CREATE SCHEMA "shipping";
--> statement-breakpoint
CREATE TABLE "shipping"."shipment" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"order_number" text NOT NULL,
	"subject_id" text NOT NULL,
	"direction" text NOT NULL,
	"return_id" text,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"label_id" text NOT NULL,
	"label" text NOT NULL,
	"weight_grams" integer NOT NULL,
	"customs" jsonb,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expected_by" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"late_since" timestamp with time zone,
	"tracking_registered_at" timestamp with time zone,
	"created_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipping"."shipment" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shipping"."tracking_event" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"shipment_id" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
ALTER TABLE "shipping"."tracking_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notifications"."outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications"."outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications"."outbox" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "notifications"."outbox" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_tracking_number" ON "shipping"."shipment" USING btree ("tenant_id","tracking_number");--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_one_outbound" ON "shipping"."shipment" USING btree ("tenant_id","order_id") WHERE "shipping"."shipment"."direction" = 'outbound';--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_one_return_label" ON "shipping"."shipment" USING btree ("tenant_id","return_id") WHERE "shipping"."shipment"."return_id" is not null;--> statement-breakpoint
CREATE INDEX "shipment_order" ON "shipping"."shipment" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_event_provider_id" ON "shipping"."tracking_event" USING btree ("tenant_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "tracking_event_shipment" ON "shipping"."tracking_event" USING btree ("tenant_id","shipment_id","occurred_at");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "notifications"."outbox" USING btree ("tenant_id","next_attempt_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shipping"."shipment" AS PERMISSIVE FOR ALL TO public USING ("shipping"."shipment"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("shipping"."shipment"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shipping"."tracking_event" AS PERMISSIVE FOR ALL TO public USING ("shipping"."tracking_event"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("shipping"."tracking_event"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
-- Mail queued before delivery existed is not sent weeks late: it is marked as never sent.
UPDATE "notifications"."outbox" SET "failed_at" = "created_at", "last_error" = 'queued before mail delivery existed' WHERE "sent_at" IS NULL;--> statement-breakpoint
-- Refunds hand the provider its own charge reference: the built-in processor's agreement lists it.
UPDATE "privacy"."processor" SET "fields" = array_append("fields", 'payments.ledger_entry.provider_ref')
WHERE "kind" = 'payment_provider' AND "name" = 'Built-in test card processor' AND "state" = 'active'
  AND NOT ('payments.ledger_entry.provider_ref' = ANY("fields"));
