ALTER TABLE "tenants"."tenant" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenant_read" ON "tenants"."tenant" AS PERMISSIVE FOR SELECT TO public USING (true);