CREATE SCHEMA "support";
--> statement-breakpoint
CREATE TABLE "support"."ticket" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"order_id" text NOT NULL,
	"order_number" text NOT NULL,
	"subject_id" text NOT NULL,
	"topic" text NOT NULL,
	"status" text NOT NULL,
	"assigned_to" text,
	"opened_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support"."ticket" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "support"."ticket_message" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"ticket_id" text NOT NULL,
	"subject_id" text NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support"."ticket_message" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "ticket_order" ON "support"."ticket" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "ticket_status" ON "support"."ticket" USING btree ("tenant_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "ticket_message_ticket" ON "support"."ticket_message" USING btree ("tenant_id","ticket_id","at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "support"."ticket" AS PERMISSIVE FOR ALL TO public USING ("support"."ticket"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("support"."ticket"."tenant_id" = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "support"."ticket_message" AS PERMISSIVE FOR ALL TO public USING ("support"."ticket_message"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("support"."ticket_message"."tenant_id" = current_setting('app.tenant_id', true));