CREATE TABLE "catalog"."browsing_event" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"holder" text NOT NULL,
	"product_id" text NOT NULL,
	"category_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalog"."browsing_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "browsing_event_holder" ON "catalog"."browsing_event" USING btree ("tenant_id","holder","at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."browsing_event" AS PERMISSIVE FOR ALL TO public USING ("catalog"."browsing_event"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."browsing_event"."tenant_id" = current_setting('app.tenant_id', true));