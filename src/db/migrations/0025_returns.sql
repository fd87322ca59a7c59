CREATE SCHEMA "returns";
--> statement-breakpoint
CREATE TABLE "returns"."return_request" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"order_number" text NOT NULL,
	"subject_id" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"lines" jsonb NOT NULL,
	"value_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" text NOT NULL,
	"received_at" timestamp with time zone,
	"review_due_by" timestamp with time zone,
	"review_late_since" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"rejection_reason" text
);
--> statement-breakpoint
ALTER TABLE "returns"."return_request" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "return_order" ON "returns"."return_request" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "return_status" ON "returns"."return_request" USING btree ("tenant_id","status","requested_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "returns"."return_request" AS PERMISSIVE FOR ALL TO public USING ("returns"."return_request"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("returns"."return_request"."tenant_id" = current_setting('app.tenant_id', true));