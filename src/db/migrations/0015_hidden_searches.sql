CREATE TABLE "catalog"."hidden_search" (
	"tenant_id" text DEFAULT current_setting('app.tenant_id') NOT NULL,
	"query" text NOT NULL,
	"hidden_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hidden_search_tenant_id_query_pk" PRIMARY KEY("tenant_id","query")
);
--> statement-breakpoint
ALTER TABLE "catalog"."hidden_search" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "catalog"."hidden_search" AS PERMISSIVE FOR ALL TO public USING ("catalog"."hidden_search"."tenant_id" = current_setting('app.tenant_id', true)) WITH CHECK ("catalog"."hidden_search"."tenant_id" = current_setting('app.tenant_id', true));